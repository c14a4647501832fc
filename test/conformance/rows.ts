import { BAD_SIGNATURE, invalidToken, NO_SIGNATURE, NOT_A_TOKEN, TIMED_OUT, UNSUPPORTED_CRIT } from '../support/answers'
import type { Answer } from '../support/http'
import { KEY_KINDS, NOW, SECRET } from '../support/keys'
import { CLAIMS, forge, segment, signAs } from '../security/support/forge'
import type { RouteSpec } from './routes'

/** One row of the error table on one route: the token sent, the whole answer, the lines logged. */
export interface RowCase {
  title: string
  route: RouteSpec
  token: () => string
  expected: Answer
  logs: unknown[]
}

const HS = KEY_KINDS[0]
const signed = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) => () =>
  signAs({ alg: 'HS256', typ: 'JWT', ...header }, claims, SECRET)

// Nothing listens on port 1 of the loopback: every fetch is refused at once.
const UNREACHABLE_JWKS = 'http://127.0.0.1:1/.well-known/jwks.json'

/**
 * The rows of the error table the conformance cases (cases.ts) do not reach, once per door: with
 * those, every row a door can be made to answer with its options is answered by every door.
 */
export function rowCases(): RowCase[] {
  const route = (path: string, options: RouteSpec['options'] = {}, verifyOptions?: RouteSpec['verifyOptions']): RouteSpec => ({
    path: `/row/${path}`,
    mode: 'required',
    options: { secretOrPublicKey: HS.verifyKey, ...options },
    verifyOptions,
  })
  const oct = { kty: 'oct', k: Buffer.from(SECRET).toString('base64url'), kid: 'k1', alg: 'HS256' }
  return [
    { title: 'no signature: alg none, empty signature part', route: route('noSignature'), token: () => forge({ alg: 'none' }, CLAIMS), expected: NO_SIGNATURE, logs: [] },
    { title: 'not a token: the header is no JSON', route: route('notAToken'), token: () => `${segment('not json')}.${segment(CLAIMS)}.c2ln`, expected: NOT_A_TOKEN, logs: [] },
    { title: 'exp that is no number', route: route('badExp'), token: signed({ ...CLAIMS, exp: 'soon' }), expected: invalidToken('invalid exp value'), logs: [] },
    { title: 'nbf that is no number', route: route('badNbf'), token: signed({ ...CLAIMS, nbf: 'now' }), expected: invalidToken('invalid nbf value'), logs: [] },
    { title: 'crit header', route: route('unsupportedCrit'), token: signed(CLAIMS, { crit: ['x'], x: 1 }), expected: UNSUPPORTED_CRIT, logs: [] },
    {
      title: 'subject not the expected one',
      route: route('badSubject', {}, { subject: 'u2' }),
      token: signed({ ...CLAIMS, sub: 'u1' }),
      expected: invalidToken('jwt subject invalid. expected: u2'),
      logs: [],
    },
    {
      title: 'jwtid not the expected one',
      route: route('badJwtid', {}, { jwtid: 'j2' }),
      token: signed({ ...CLAIMS, jti: 'j1' }),
      expected: invalidToken('jwt jwtid invalid. expected: j2'),
      logs: [],
    },
    {
      title: 'nonce not the expected one',
      route: route('badNonce', {}, { nonce: 'n2' }),
      token: signed({ ...CLAIMS, nonce: 'n1' }),
      expected: invalidToken('jwt nonce invalid. expected: n2'),
      logs: [],
    },
    {
      title: 'maxAge and a token without iat',
      route: route('noIssuedAt', {}, { maxAge: '1h' }),
      token: signed({ sub: 'u1', exp: NOW + 3600 }),
      expected: invalidToken('iat required when maxAge is specified'),
      logs: [],
    },
    {
      title: 'a key set without the kid the token names',
      route: route('noKeyForKid', { secretOrPublicKey: undefined, keys: { keys: [oct] } }),
      token: signed(CLAIMS, { kid: 'k2' }),
      expected: invalidToken('no key matches the token kid'),
      logs: [],
    },
    {
      title: 'the key set picks the key by kid: another key under a known kid is refused on its signature',
      route: route('keySetSignature', { secretOrPublicKey: undefined, keys: { keys: [oct] } }),
      token: () => signAs({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, CLAIMS, 'another-secret-of-at-least-thirty-two-bytes'),
      expected: BAD_SIGNATURE,
      logs: [],
    },
    {
      title: 'a user loader that never answers: 503 after timeout',
      route: route('timeout', { user: () => new Promise(() => undefined), timeout: 20 }),
      token: signed(CLAIMS),
      expected: TIMED_OUT,
      logs: ['jwt-hooks: authentication failed; request refused (TimeoutError: no answer within 20 ms)'],
    },
    {
      title: 'a remote key set that cannot be fetched, none fetched before: 503',
      route: route('keysUnavailable', { secretOrPublicKey: undefined, jwksUrl: UNREACHABLE_JWKS }),
      token: signed(CLAIMS, { kid: 'k1' }),
      expected: { status: 503, body: '', wwwAuthenticate: null },
      logs: [expect.stringMatching(/^jwt-hooks: the key set at .+ could not be fetched \(.+\); none fetched before: tokens are refused with 503$/)],
    },
  ]
}
