import { expressDoor } from '../conformance/doors/express.door'
import { express4Door } from '../conformance/doors/express4.door'
import { fastifyDoor } from '../conformance/doors/fastify.door'
import { httpDoor } from '../conformance/doors/http.door'
import { koaDoor } from '../conformance/doors/koa.door'
import type { RouteSpec, Running } from '../conformance/routes'
import { send, type Answer } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'

const ES256 = KEY_KINDS[2]
const signed = tokenFor(ES256, { sub: '1' })
// jwa throws a TypeError (not a JsonWebTokenError) for an ECDSA signature of the wrong length,
// so the pipeline itself rejects: the door must still answer, fail closed, and print no stack.
const shortSignature = `${signed.slice(0, signed.lastIndexOf('.') + 1)}AAAA`

const ROUTES: RouteSpec[] = [
  { path: '/fault', mode: 'required', options: { secretOrPublicKey: ES256.verifyKey } },
  // Rows with no body beyond the 500s: a blackList that never answers gets 503.
  {
    path: '/timeout',
    mode: 'optional',
    options: { secretOrPublicKey: ES256.verifyKey, blackList: () => new Promise<boolean>(() => {}), timeout: 1 },
  },
]
const NO_BODY = (status: number): Answer => ({ status, body: '', wwwAuthenticate: null })

describe.each([expressDoor, express4Door, koaDoor, fastifyDoor, httpDoor])('$name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())
  afterEach(() => jest.restoreAllMocks())

  test('a fault inside the pipeline answers 500 with an empty body, logged by kind and message', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const answer = await send(`${server.url}/fault`, { authorization: `Bearer ${shortSignature}` })
    expect({ answer, logged: log.mock.calls }).toStrictEqual({
      answer: NO_BODY(500),
      logged: [['jwt-hooks: authentication failed unexpectedly; request refused (TypeError: "ES256" signatures must be "64" bytes, saw "3")']],
    })
  })

  test('a blackList that does not answer in time: 503 with an empty body', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await send(`${server.url}/timeout`, { authorization: `Bearer ${signed}` })).toStrictEqual(NO_BODY(503))
  })
})
