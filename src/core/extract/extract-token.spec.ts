import fc from 'fast-check'

import { bearerToken, createExtractor } from './extract-token'
import { WHITESPACE } from '../jws/token-characters'
import { OPTIONAL, REQUIRED, type RequestLike } from '../types'

const request = (authorization?: string, cookies: Record<string, string> = {}): RequestLike => ({
  header: (name) => (name === 'authorization' ? authorization : undefined),
  cookie: (name) => cookies[name],
})
const described = (result: unknown) =>
  typeof result === 'string' || result === null ? result : (result as { body: { description: string } }).body.description

describe('createExtractor: header', () => {
  const required = createExtractor(REQUIRED, undefined)
  const optional = createExtractor(OPTIONAL, undefined)
  test.each([
    ['Bearer a.b.c', 'a.b.c'],
    ['bearer a.b.c', 'a.b.c'],
    ['BEARER   a.b.c', 'a.b.c'],
    ['Bearer', 'Expected a bearer token. Scheme is Authorization: Bearer <token>.'],
    ['Bearer ', 'Expected a bearer token. Scheme is Authorization: Bearer <token>.'],
    // Whitespace in the token is the verify step's row (createTokenVerifier), not the reader's.
    ['Bearer a b', 'a b'],
    ['Basic a', 'Expected a bearer token. Scheme is Authorization: Bearer <token>.'],
    ['Bearertoken', 'Expected a bearer token. Scheme is Authorization: Bearer <token>.'],
    ['Bearer\ta.b.c', 'Expected a bearer token. Scheme is Authorization: Bearer <token>.'],
  ])('%j', (header, expected) => {
    expect(described(required(request(header)))).toBe(expected)
    expect(described(optional(request(header)))).toBe(expected)
  })

  test('nothing sent: required refuses, optional lets through', () => {
    expect(described(required(request()))).toBe('Authorization header not found.')
    expect(optional(request())).toBeNull()
  })
})

describe('createExtractor: cookie', () => {
  const required = createExtractor(REQUIRED, 'auth')
  const optional = createExtractor(OPTIONAL, 'auth')
  test('reads only the named cookie, never the header', () => {
    expect(required(request(undefined, { auth: 'a.b.c' }))).toBe('a.b.c')
    expect(described(required(request('Bearer a.b.c')))).toBe('Auth cookie not found.')
    expect(optional(request('Bearer a.b.c'))).toBeNull()
    expect(described(required(request(undefined, { auth: '' })))).toBe('Auth cookie not found.')
  })
})

describe('bearerToken', () => {
  // The rule as RFC 7235/6750 state it; bearerToken and the verify step's whitespace check are
  // the fast spelling of this regex.
  const REFERENCE = /^bearer +(\S+)$/i
  // Every character \s matches, and its neighbours.
  const spaces = [...'\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff'].concat(
    Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  )
  const neighbours = ['\b', '\u000e', '!', '\u009f', '\u00a1', '\u167f', '\u1681', '\u1fff', '\u200b', '\u2027', '\u202a', '\u202e', '\u2030', '\u205e', '\u2060', '\u2fff', '\u3001', '\ufefe', '\uffff']
  const pieces = ['Bearer', 'bearer', 'BEARER', 'bEaReR', 'Bearr', 'Basic', '  ', 'a.b.c', 'x', '=', 'ſ', 'K', '', ...spaces, ...neighbours]

  test('with the whitespace check, answers as /^bearer +(\\S+)$/i does, on generated header values', () => {
    const value = fc.oneof(
      fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 24 }),
      fc.string({ unit: 'binary', maxLength: 16 }).map((rest) => `Bearer ${rest}`),
      fc.tuple(fc.constantFrom(...spaces, ...neighbours), fc.string({ maxLength: 4 })).map(([c, rest]) => `Bearer a${c}${rest}`),
    )
    fc.assert(
      fc.property(value, (header) => {
        const token = bearerToken(header)
        expect(token === undefined || WHITESPACE.test(token) ? undefined : token).toBe(REFERENCE.exec(header)?.[1])
      }),
      { numRuns: 20_000, seed: 5 },
    )
  })
})

describe('createExtractor: CORS preflight and header maps', () => {
  const required = createExtractor(REQUIRED, undefined)
  const cookies = createExtractor(REQUIRED, 'auth')
  test('OPTIONS with Access-Control-Request-Method is nothing to judge, in either mode', () => {
    const preflight: RequestLike = { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'GET' } }
    expect(required(preflight)).toBeNull()
    expect(cookies(preflight)).toBeNull()
    expect(required({ ...preflight, headers: { ...preflight.headers, authorization: 'Basic x' } })).toBeNull()
  })

  test('OPTIONS without it, or another method with it, is judged', () => {
    expect(described(required({ method: 'OPTIONS', headers: {} }))).toBe('Authorization header not found.')
    expect(described(required({ method: 'GET', headers: { 'access-control-request-method': 'GET' } }))).toBe('Authorization header not found.')
    expect(described(required({ method: 'options', headers: { 'access-control-request-method': 'GET' } }))).toBe('Authorization header not found.')
  })

  test('a headers map is searched whatever the case; a list is no header', () => {
    expect(required({ headers: { AUTHORIZATION: 'Bearer a.b.c' } })).toBe('a.b.c')
    expect(required({ header: () => undefined, headers: { Authorization: 'Bearer a.b.c' } })).toBe('a.b.c')
    expect(described(required({ headers: { Authorization: ['Bearer a.b.c'] } }))).toBe('Authorization header not found.')
    expect(cookies({ headers: { Cookie: 'x=1; auth=a.b.c' } })).toBe('a.b.c')
  })
})
