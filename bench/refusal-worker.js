'use strict'
// One verifier refusing one forged token shape, in a process of its own; prints { usPerOp }.
//   node bench/refusal-worker.js <verifier> <flat|nested> <ms>
// Both tokens are HS256, about 14 KB, with a signature nobody made: `flat` carries one long
// string claim, `nested` 5,400 nested arrays. A verifier that parses the payload before it
// checks the signature pays for the nesting; one that checks the signature first does not.

const { createSecretKey } = require('node:crypto')

const [verifierName, shape, msText] = process.argv.slice(2)
const SECRET = 'a-benchmark-secret-of-at-least-thirty-two-bytes'
const LEVELS = 5_400

const segment = (text) => Buffer.from(text).toString('base64url')
const payload = shape === 'nested' ? `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}` : `{"pad":"${'x'.repeat(2 * LEVELS - 10)}"}`
const token = `${segment('{"alg":"HS256","typ":"JWT"}')}.${segment(payload)}.${Buffer.alloc(32, 7).toString('base64url')}`

const VERIFIERS = {
  // The core pipeline as every door runs it (a refused token this long is never cached).
  'jwt-hooks': () => {
    const { createAuthenticator } = require('jwt-hooks/core')
    const authenticate = createAuthenticator({ secretOrPublicKey: SECRET }, { algorithms: ['HS256'] })
    const request = { header: () => `Bearer ${token}`, cookie: () => undefined }
    return () => {
      if (authenticate(request).status !== 401) throw new Error('not refused')
    }
  },
  'jsonwebtoken (KeyObject)': () => {
    const { verify } = require('jsonwebtoken')
    const key = createSecretKey(Buffer.from(SECRET))
    return () => {
      try {
        verify(token, key, { algorithms: ['HS256'] })
      } catch {
        return
      }
      throw new Error('not refused')
    }
  },
}

function main() {
  const refuse = VERIFIERS[verifierName]()
  const ms = Number(msText)
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round(Math.min(300, ms / 3) * 1e6))
  while (process.hrtime.bigint() < warmEnd) refuse()
  let ops = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(Math.round(ms * 1e6))
  let now = start
  while (now < end) {
    for (let i = 0; i < 16; i++) refuse()
    ops += 16
    now = process.hrtime.bigint()
  }
  process.stdout.write(JSON.stringify({ usPerOp: Number(now - start) / 1e3 / ops }))
}

main()
