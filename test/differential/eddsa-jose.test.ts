import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { join } from 'node:path'

import fc from 'fast-check'

import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import { Failure, type VerifyOptions } from '../../src/core/types'

// EdDSA against jose, the reference jsonwebtoken cannot be: tokens signed by jose (Ed25519, and
// RS256, ES256 and HS256 ones meeting an Ed25519 key), some broken after signing, verified by
// jose and by jwt-hooks' core: the same verdict, the same payload, the row that jose's error names.
// jose is asked in jsonwebtoken's order (./support/jose-oracle.mjs), jwt-hooks' contract for which
// refusal wins; beyond that, three rules of jwt-hooks' own (jws's, for every algorithm) are stated
// here and there: an empty signature part is `jwt signature is required` (jose: the signature does
// not verify); a signature part of base64url characters of a length no encoding has is a signature
// that does not verify (jose: not a JWS); a `crit` header is refused once the rest is judged.

const ORACLE = join(__dirname, 'support/jose-oracle.mjs')
const BASE_S = 1_800_000_000
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)
const RUNS = Number(process.env.FUZZ_RUNS) || 800

const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString()
const pair = (type: 'ed25519' | 'rsa' | 'ec') =>
  type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')
const ed = pair('ed25519')
const SECRET = 'an-eddsa-differential-secret-of-32-bytes!'
const SIGNERS = {
  ed: { alg: 'EdDSA', key: pem(ed.privateKey) },
  otherEd: { alg: 'EdDSA', key: pem(pair('ed25519').privateKey) },
  rsa: { alg: 'RS256', key: pem(pair('rsa').privateKey) },
  ec: { alg: 'ES256', key: pem(pair('ec').privateKey) },
  secret: { alg: 'HS256', key: SECRET },
}
const rsaServer = pair('rsa')
const SERVERS = {
  ed: { key: pem(ed.publicKey), algorithms: ['EdDSA'] },
  rsa: { key: pem(rsaServer.publicKey), algorithms: ['RS256'] },
  secret: { key: SECRET, algorithms: ['HS256'] },
}

const time = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -8, max: 8 }).map((d) => BASE_S + d) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('soon', null) })
const claims = fc.record(
  {
    sub: fc.constantFrom('1', '2'),
    exp: time,
    nbf: time,
    iat: fc.integer({ min: BASE_S - 100, max: BASE_S }),
    aud: fc.constantFrom<unknown>('api', 'other', ['api', 'x']),
    iss: fc.constantFrom('issuer', 'other'),
    role: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
)
const payload = fc.oneof(
  { weight: 12, arbitrary: claims.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.constantFrom('[]', '[{"sub":"1"}]', 'null', '"sub"', '7', 'true', 'not json') },
)
const caseArb = fc.record({
  signer: fc.oneof({ weight: 12, arbitrary: fc.constant('ed' as const) }, { weight: 1, arbitrary: fc.constantFrom('otherEd', 'rsa', 'ec', 'secret') as fc.Arbitrary<keyof typeof SIGNERS> }),
  server: fc.oneof({ weight: 10, arbitrary: fc.constant('ed' as const) }, { weight: 1, arbitrary: fc.constantFrom('rsa', 'secret') as fc.Arbitrary<keyof typeof SERVERS> }),
  extra: fc.oneof({ weight: 8, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({ typ: 'JWT' }, { kid: 'k1' }, { crit: ['x'], x: 1 }) }),
  payload,
  mutation: fc.oneof(
    { weight: 12, arbitrary: fc.constant('none') },
    { weight: 1, arbitrary: fc.constantFrom('flip', 'truncate', 'empty', 'tamper', 'twoParts', 'fourParts') },
  ),
  pinned: fc.boolean(),
  audience: fc.constantFrom<string | string[] | undefined>(undefined, undefined, 'api', ['api', 'other']),
  issuer: fc.constantFrom<string | undefined>(undefined, undefined, 'issuer'),
  subject: fc.constantFrom<string | undefined>(undefined, undefined, '1'),
  // jose takes no negative clockTolerance (jsonwebtoken shortens validity by it).
  clockTolerance: fc.constantFrom(0, 0, 5),
  clock: fc.integer({ min: -10, max: 10 }).map((d) => BASE_S + d),
  at: fc.nat(),
})
type Case = ReturnType<typeof caseArb.generate>['value']

function jose<T>(job: object): T {
  return JSON.parse(execFileSync(process.execPath, [ORACLE], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }))
}

function mutate(token: string, { mutation, at }: Case): string {
  const [header, body, signature] = token.split('.')
  switch (mutation) {
    case 'flip': {
      const i = at % signature.length
      return `${header}.${body}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`
    }
    case 'truncate':
      return `${header}.${body}.${signature.slice(0, -1 - (at % 8))}`
    case 'empty':
      return `${header}.${body}.`
    case 'tamper':
      return `${header}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${signature}`
    case 'twoParts':
      return `${header}.${body}`
    case 'fourParts':
      return `${token}.x`
    default:
      return token
  }
}

type Verdict = { payload: unknown } | { row: string }

/** The row jose's refusal names (what jwt-hooks calls it), with jwt-hooks' two rules of its own. */
function expectedOf(answer: { payload?: unknown; refused?: { code: string; claim?: string; message: string } }, token: string): Verdict {
  if (answer.refused === undefined) return { payload: answer.payload }
  const { code, claim, message } = answer.refused
  const parts = token.split('.')
  if (code === 'ERR_JWS_INVALID') return { row: parts.length === 3 ? 'notAToken' : 'malformed' }
  if (parts[2] === '') return { row: 'noSignature' }
  const notNumber = message.includes('must be a number')
  const rows: Record<string, string> = {
    ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'badSignature',
    ERR_JOSE_ALG_NOT_ALLOWED: 'badAlgorithm',
    // jose: an algorithm the key cannot be used with (EdDSA on an RSA key, RS256 on an Ed25519 one).
    ERR_JOSE_NOT_SUPPORTED: 'badAlgorithm',
    ERR_JWT_INVALID: 'malformed',
    ERR_JWT_EXPIRED: 'expired',
    CRIT: 'unsupportedCrit',
  }
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const byClaim: Record<string, string> = { nbf: notNumber ? 'badNbf' : 'notActive', exp: 'badExp', aud: 'badAudience', iss: 'badIssuer', sub: 'badSubject' }
    return { row: byClaim[claim ?? ''] ?? `jose ${code} ${claim}` }
  }
  // jose's TypeError for a key it will not use with the token's algorithm (an HMAC key for EdDSA).
  if (code === 'TypeError' && /key/i.test(message)) return { row: 'badAlgorithm' }
  return { row: rows[code] ?? `jose ${code}: ${message}` }
}

function optionsOf(c: Case): VerifyOptions & { clockTimestamp: number } {
  const options: VerifyOptions & { clockTimestamp: number } = { clockTimestamp: c.clock, clockTolerance: c.clockTolerance }
  if (c.pinned) options.algorithms = SERVERS[c.server].algorithms as VerifyOptions['algorithms']
  if (c.audience !== undefined) options.audience = c.audience
  if (c.issuer !== undefined) options.issuer = c.issuer
  if (c.subject !== undefined) options.subject = c.subject
  return options
}

describe('EdDSA: jwt-hooks agrees with jose', () => {
  test('every token gets jose verdict and payload, refusals the row jose names', async () => {
    const cases = fc.sample(caseArb, { numRuns: RUNS, seed: SEED })
    const signed = jose<string[]>({ sign: cases.map((c) => ({ header: { alg: SIGNERS[c.signer].alg, ...c.extra }, payload: c.payload, key: SIGNERS[c.signer].key })) })
    const tokens = signed.map((token, i) => mutate(token, cases[i]))
    const answers = jose<object[]>({ verify: tokens.map((token, i) => ({ token, key: SERVERS[cases[i].server].key, options: optionsOf(cases[i]) })) })
    const seen = new Map<string, number>()
    for (let i = 0; i < cases.length; i++) {
      const authenticate = createAuthenticator({ secretOrPublicKey: SERVERS[cases[i].server].key, cache: false }, optionsOf(cases[i]))
      const outcome = await authenticate({ header: () => `Bearer ${tokens[i]}` })
      const actual: Verdict = outcome instanceof Failure ? { row: outcome.row } : { payload: outcome.payload }
      const expected = expectedOf(answers[i], tokens[i])
      expect({ case: cases[i], jose: answers[i], verdict: actual }).toStrictEqual({ case: cases[i], jose: answers[i], verdict: expected })
      const name = 'row' in actual ? actual.row : 'verified'
      seen.set(name, (seen.get(name) ?? 0) + 1)
    }
    // A comparison that never reaches a verdict proves nothing about it.
    const wanted = ['verified', 'badSignature', 'badAlgorithm', 'noSignature', 'malformed', 'expired', 'notActive', 'badExp', 'badNbf', 'badAudience', 'badIssuer', 'badSubject', 'unsupportedCrit']
    expect(wanted.filter((name) => !seen.has(name))).toStrictEqual([])
    expect(seen.get('verified')).toBeGreaterThan(RUNS / 10)
  }, 120_000)
})
