import { DOORS } from '../conformance/doors'
import type { Running } from '../conformance/routes'
import type { Answer } from '../support/http'
import { SECRET } from '../support/keys'
import { answerOf, sendRaw } from '../security/support/raw'

// Bytes no header may carry (RFC 9110 §5.5: CTLs other than HTAB): Node's HTTP parser refuses the
// request with its own 400 and closes, before any door runs. What reaches a door is what the
// fuzz tests send; this shows the rest never does.

// Node's own, and Fastify's, which answers its parser's errors in JSON: each door gets one of them.
const NODE_REFUSAL: Answer = { status: 400, body: '', wwwAuthenticate: null }
const FASTIFY_REFUSAL: Answer = { status: 400, body: { error: 'Bad Request', message: 'Client Error', statusCode: 400 }, wwwAuthenticate: null }
const CONTROL = [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f]

describe.each(DOORS)('control bytes in the Authorization header, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start([{ path: '/me', mode: 'required', options: { secretOrPublicKey: SECRET } }])
  })
  afterAll(() => server.close())

  test.each(CONTROL.map((byte) => [`0x${byte.toString(16).padStart(2, '0')}`, byte]))('%s', async (_name, byte) => {
    const value = `Bearer a.b${String.fromCharCode(byte as number)}c.d`
    const expected = door.name === 'fastify' ? FASTIFY_REFUSAL : NODE_REFUSAL
    expect(answerOf(await sendRaw(`${server.url}/me`, { Authorization: value }))).toStrictEqual(expected)
  })
})
