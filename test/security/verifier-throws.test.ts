import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { send } from '../support/http'
import { BAD_ALGORITHM, BAD_SIGNATURE, MALFORMED } from '../support/answers'
import { CLAIMS, ES256, HS256, jsonSegment, segment, signAs } from './support/forge'

// jws, jwa and jsonwebtoken throw plain errors (not refusals) for these tokens: each must still be
// a 401 row on every door, never a 500 or a framework's HTML error page.
const ROUTES: RouteSpec[] = [
  { path: '/hs', mode: 'required', options: { secretOrPublicKey: HS256.verifyKey } },
  { path: '/es', mode: 'required', options: { secretOrPublicKey: ES256.verifyKey } },
]
const CASES = [
  {
    // The signature is judged first: a forged one is refused as such, the payload never read.
    title: 'typ JWT over a payload that is not JSON, forged signature',
    path: '/hs',
    token: `${jsonSegment({ alg: 'HS256', typ: 'JWT' })}.${segment('not json')}.c2ln`,
    expected: BAD_SIGNATURE,
  },
  {
    title: 'typ JWT over a payload that is not JSON, signed',
    path: '/hs',
    token: signAs({ alg: 'HS256', typ: 'JWT' }, 'not json', HS256.signingKey),
    expected: MALFORMED,
  },
  {
    title: 'typ JWT over a payload of null, signed',
    path: '/hs',
    token: signAs({ alg: 'HS256', typ: 'JWT' }, 'null', HS256.signingKey),
    expected: MALFORMED,
  },
  {
    title: 'ES256 signature of the wrong length',
    path: '/es',
    token: `${jsonSegment({ alg: 'ES256' })}.${jsonSegment(CLAIMS)}.c2ln`,
    expected: BAD_SIGNATURE,
  },
  {
    title: 'ES384 header on a P-256 key, default algorithms',
    path: '/es',
    token: `${jsonSegment({ alg: 'ES384' })}.${jsonSegment(CLAIMS)}.${Buffer.alloc(96, 1).toString('base64url')}`,
    expected: BAD_ALGORITHM,
  },
]

describe.each(DOORS)('verifier throws on hostile input, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(CASES)('$title', async ({ path, token, expected }) => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await send(server.url + path, { authorization: `Bearer ${token}` })).toStrictEqual(expected)
    expect(log).not.toHaveBeenCalled()
    log.mockRestore()
  })
})
