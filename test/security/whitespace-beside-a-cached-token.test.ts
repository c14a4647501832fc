import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { NOT_A_TOKEN, NOT_BEARER, ok } from '../support/answers'
import { send } from '../support/http'
import { KEY_KINDS, NOW, tokenFor } from '../support/keys'

// RFC 6750 §2.1's whitespace rule for a header's token is checked where a token is first verified,
// not where the header is read, so that a token the cache answers for is not scanned again. These
// cases hold that move to its promise: a header whose token differs from a cached one only by
// whitespace is still refused with row 4, on its first sighting and on every one after, and the
// route with no key still answers row 4 before row 1.

const [HS256] = KEY_KINDS
const CLAIMS = { sub: '1', role: 'user' }
const ROUTES: RouteSpec[] = [
  { path: '/cached', mode: 'required', options: { secretOrPublicKey: HS256.verifyKey } },
  { path: '/optional', mode: 'optional', options: { secretOrPublicKey: HS256.verifyKey } },
  { path: '/uncached', mode: 'required', options: { secretOrPublicKey: HS256.verifyKey, cache: false } },
  { path: '/no-key', mode: 'required', options: { secretOrPublicKey: undefined } },
]
const PAYLOAD = { iat: NOW - 10, exp: NOW + 3600, ...CLAIMS }

describe.each(DOORS)('a token with whitespace beside a cached one, door $name', (door) => {
  let server: Running
  const valid = tokenFor(HS256, CLAIMS)
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  const bearer = (path: string, value: string) => send(server.url + path, { authorization: `Bearer ${value}` })

  test.each(['/cached', '/optional', '/uncached'])('%s: whitespace inside the token is row 4, however often it is sent', async (path) => {
    // Three sightings of the valid token: the second one is kept, the third one answered from the cache.
    for (let i = 0; i < 3; i++) expect(await bearer(path, valid)).toStrictEqual(ok(PAYLOAD))
    const [header, payload, signature] = valid.split('.')
    // (Whitespace at the end is no part of the header's value: HTTP takes it off before any door;
    // and fetch sends no control character but the tab.)
    for (const spaced of [`${header}.${payload} ${signature}`, `${header}.${payload}\t${signature}`, `${valid} ${valid}`, `${valid}\u00a0x`, `${header}\u00a0.${payload}.${signature}`]) {
      for (let i = 0; i < 3; i++) expect(await bearer(path, spaced)).toStrictEqual(NOT_BEARER)
    }
    // A character that is neither base64url nor whitespace is the verifier's row, as it was.
    for (let i = 0; i < 3; i++) expect(await bearer(path, `${valid}+`)).toStrictEqual(NOT_A_TOKEN)
    expect(await bearer(path, valid)).toStrictEqual(ok(PAYLOAD))
  })

  test('/no-key: row 4 comes before row 1 (no key configured)', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await bearer('/no-key', `${valid} x`)).toStrictEqual(NOT_BEARER)
    } finally {
      log.mockRestore()
    }
  })
})
