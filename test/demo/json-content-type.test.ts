import { ANN, useLoginServer } from '../login/support/login-server'
import { post, send, type Reply } from '../login/support/request'

const server = useLoginServer()

const JSON_TYPE = 'application/json; charset=utf-8'
const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, type: reply.headers['content-type'] })

async function tokenOfAnn(): Promise<string> {
  const reply = await post(`${server.url}/auth/login`, { body: ANN })
  expect(reply.status).toBe(200)
  return (reply.body as { token: string }).token
}

// axios and many fetch wrappers send `Content-Type: application/json` on every request, GETs included.
const BODYLESS: { title: string; headers: Record<string, string> }[] = [
  { title: 'no Content-Length', headers: {} },
  { title: 'Content-Length: 0', headers: { 'content-length': '0' } },
  { title: 'an empty chunked body', headers: { 'transfer-encoding': 'chunked' } },
]

describe('a request with Content-Type: application/json and no body is not a malformed body', () => {
  test.each(BODYLESS)('GET /api/me and /api/hello, $title: answered as without the header', async ({ headers }) => {
    const token = await tokenOfAnn()
    const ask = (path: string, auth: Record<string, string>) =>
      send(`${server.url}${path}`, { method: 'GET', headers: { 'content-type': 'application/json', ...headers, ...auth } })
    const authorization = { authorization: `Bearer ${token}` }
    expect([judged(await ask('/api/me', authorization)), judged(await ask('/api/hello', authorization)), judged(await ask('/api/hello', {}))]).toStrictEqual([
      { status: 200, body: { id: 1, email: ANN.email }, type: JSON_TYPE },
      { status: 200, body: { message: `Hello, ${ANN.email}!` }, type: JSON_TYPE },
      { status: 200, body: { message: 'Hello, guest!' }, type: JSON_TYPE },
    ])
  })

  test.each(BODYLESS)('POST /auth/login, $title: the login’s 400 for missing fields, not "not valid JSON"', async ({ headers }) => {
    const reply = await send(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } })
    expect(judged(reply)).toStrictEqual({
      status: 400,
      body: {
        code: 'invalid_request',
        description: 'The request body is invalid.',
        errors: [
          { property: 'email', constraints: { isEmail: 'email must be an email', maxLength: 'email must be shorter than or equal to 254 characters' } },
          {
            property: 'password',
            constraints: {
              isString: 'password must be a string',
              isNotEmpty: 'password should not be empty',
              maxLength: 'password must be shorter than or equal to 256 characters',
            },
          },
        ],
      },
      type: JSON_TYPE,
    })
  })

  test('a body that is there and malformed is still the 400 "not valid JSON", on a GET too', async () => {
    const reply = await send(`${server.url}/api/hello`, { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': '5' }, text: '{"x":' })
    expect(judged(reply)).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'The request body is not valid JSON.', errors: [] },
      type: JSON_TYPE,
    })
  })
})
