import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from './support/login-server'
import { post } from './support/request'
import { startUserApp, type UserApp } from './support/user-app'

let db: TestDatabase
let app: UserApp

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  app = await startUserApp({ strictParser: true })
})
afterAll(async () => {
  await app.close()
  await db.drop()
})

const SECRET_PASSWORD = 'my-real-password-1234'

describe('LoginController in an app of one’s own, parseJsonBody from the package root first: a malformed body is never echoed', () => {
  test.each([
    `{"email":"${ANN.email}","password":"${SECRET_PASSWORD}"`,
    `{"email":"${ANN.email}","password":"${SECRET_PASSWORD}",}`,
    `{email:"${ANN.email}",password:"${SECRET_PASSWORD}"}`,
  ])('%s: the table’s 400, without the password', async (body) => {
    const reply = await post(`${app.url}/auth/login`, { body })
    expect({ status: reply.status, body: reply.body, type: reply.headers['content-type'] }).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'The request body is not valid JSON.', errors: [] },
      type: 'application/json; charset=utf-8',
    })
    expect(JSON.stringify(reply.body).includes(SECRET_PASSWORD)).toBe(false)
  })

  test('a well-formed body logs in as in the demo', async () => {
    const reply = await post(`${app.url}/auth/login`, { body: ANN })
    expect([reply.status, Object.keys(reply.body as object)]).toStrictEqual([200, ['accessToken', 'refreshToken', 'expiresAt', 'token']])
  })
})
