// jose, the reference for EdDSA (jsonwebtoken has none), in a process of its own: jose is an ES
// module only, which Jest's CommonJS runtime cannot load. Reads one JSON job on stdin, writes
// the answers on stdout.
//   { sign: [{ header, payload (text), key (PKCS#8 PEM or a secret) }] }      → tokens
//   { verify: [{ token, key (SPKI PEM or a secret), options }] }             → verdicts
// A verdict is jose's, asked in jsonwebtoken's order (the order jwt-hooks answers in): the
// signature and the time claims first, then audience, issuer and subject one at a time; a critical
// extension is recognised for the asking, so what jose says of the rest is seen, and `crit` after;
// a signature part of a length no base64url encoding has (which jws reads all the same, as bytes
// that do not verify) is asked about one character shorter, so jose judges the rest of the token.
import { createPrivateKey, createPublicKey } from 'node:crypto'

import * as jose from 'jose'

const keyOf = (text, make) => (text.includes('-----BEGIN') ? make(text) : new TextEncoder().encode(text))

async function sign({ header, payload, key }) {
  const crit = Array.isArray(header.crit) ? { crit: Object.fromEntries(header.crit.map((name) => [name, true])) } : undefined
  return new jose.CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(header).sign(keyOf(key, createPrivateKey), crit)
}

async function verify({ token, key, options }) {
  const publicKey = keyOf(key, createPublicKey)
  const { audience, issuer, subject, clockTimestamp, ...rest } = options
  const common = { ...rest, currentDate: new Date(clockTimestamp * 1000) }
  const crit = critOf(token)
  if (crit !== undefined) common.crit = Object.fromEntries(crit.map((name) => [name, true]))
  let payload
  for (const step of [{}, { audience }, { issuer }, { subject }]) {
    if (Object.values(step).some((value) => value === undefined)) continue
    try {
      ;({ payload } = await jose.jwtVerify(token, publicKey, { ...common, ...step }))
    } catch (error) {
      if (error.message === 'Failed to base64url decode the signature') return verify({ token: token.slice(0, -1), key, options })
      return { refused: { code: error.code ?? error.name, claim: error.claim, message: error.message } }
    }
  }
  return crit === undefined ? { payload } : { refused: { code: 'CRIT', message: 'a critical extension' } }
}

// The header's crit list, when it is one (names only): recognised so that the rest is judged.
function critOf(token) {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())
    return Array.isArray(header?.crit) && header.crit.every((name) => typeof name === 'string') ? header.crit : undefined
  } catch {
    return undefined
  }
}

let input = ''
for await (const chunk of process.stdin) input += chunk
const job = JSON.parse(input)
const answers = job.sign ? await Promise.all(job.sign.map(sign)) : await Promise.all(job.verify.map(verify))
process.stdout.write(JSON.stringify(answers))
