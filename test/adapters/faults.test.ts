import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { send, type Answer } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'

const ES256 = KEY_KINDS[2]
const signed = tokenFor(ES256, { sub: '1' })
// jwa throws a plain TypeError (not a JsonWebTokenError) for an ECDSA signature of the wrong
// length: the token's doing, so a 401 row, never a 500 or a framework's error page.
const shortSignature = `${signed.slice(0, signed.lastIndexOf('.') + 1)}AAAA`

const ROUTES: RouteSpec[] = [
  { path: '/es', mode: 'required', options: { secretOrPublicKey: ES256.verifyKey } },
  {
    path: '/throws',
    mode: 'required',
    options: {
      secretOrPublicKey: ES256.verifyKey,
      // A store whose error quotes its argument, thrown synchronously.
      blackList: (token: string) => {
        throw new Error(`GET revoked:${token} failed: connection reset`)
      },
    },
  },
  // Rows with no body beyond the 500s: a blackList that never answers gets 503.
  {
    path: '/timeout',
    mode: 'optional',
    options: { secretOrPublicKey: ES256.verifyKey, blackList: () => new Promise<boolean>(() => {}), timeout: 1 },
  },
]
const NO_BODY = (status: number): Answer => ({ status, body: '', wwwAuthenticate: null })

describe.each(DOORS)('$name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())
  afterEach(() => jest.restoreAllMocks())

  test('an ECDSA signature of the wrong length is row 7, not a fault', async () => {
    expect(await send(`${server.url}/es`, { authorization: `Bearer ${shortSignature}` })).toStrictEqual({
      status: 401,
      body: { code: 'invalid_token', description: 'invalid signature' },
      wwwAuthenticate: 'error="invalid_token", error_description="invalid signature"',
    })
  })

  test('a fault answers 500 with an empty body, logged by kind and message, the token cut out', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await send(`${server.url}/throws`, { authorization: `Bearer ${signed}` })
    expect({ answer, logged: log.mock.calls }).toStrictEqual({
      answer: NO_BODY(500),
      logged: [['jwt-hooks: authentication failed; request refused (Error: GET revoked:<token> failed: connection reset)']],
    })
  })

  test('a blackList that does not answer in time: 503 with an empty body', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await send(`${server.url}/timeout`, { authorization: `Bearer ${signed}` })).toStrictEqual(NO_BODY(503))
  })
})
