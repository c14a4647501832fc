import { decode } from 'jsonwebtoken'

import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from './support/login-server'
import { get, post } from './support/request'

let db: TestDatabase
let server: LoginServer | undefined

beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db.drop())
afterEach(() => server?.close())

async function loginWith(env: Record<string, string>) {
  useJwtEnv(db.dir, env)
  server = await startLoginServer()
  const reply = await post(`${server.url}/auth/login`, { body: ANN })
  const { token, expiresAt, refreshToken } = reply.body as { token: string; expiresAt: string; refreshToken: string }
  const { exp } = decode(token) as { exp: number }
  return { reply, token, expiresAt, refreshToken, expires: new Date(exp * 1000).toUTCString() }
}

test('settings.jwt.cookie: the token is also set as an HttpOnly, SameSite=Lax cookie named settings.jwt.cookieName', async () => {
  const { reply, token, expiresAt, refreshToken, expires } = await loginWith({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_COOKIE_NAME: 'session' })
  expect({ status: reply.status, body: reply.body, setCookie: reply.headers['set-cookie'] }).toStrictEqual({
    status: 200,
    body: { accessToken: token, refreshToken, expiresAt, token },
    setCookie: [`session=${token}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax`],
  })
})

test('settings.jwt.cookieSecure adds Secure', async () => {
  const { reply, token, expires } = await loginWith({
    SETTINGS_JWT_COOKIE: 'true',
    SETTINGS_JWT_COOKIE_NAME: 'auth',
    SETTINGS_JWT_COOKIE_SECURE: 'true',
  })
  expect(reply.headers['set-cookie']).toStrictEqual([`auth=${token}; Path=/; Expires=${expires}; HttpOnly; Secure; SameSite=Lax`])
})

test('the cookie expires with the token (settings.jwt.expiresIn = 15m)', async () => {
  const { token, expires } = await loginWith({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_EXPIRES_IN: '15m' })
  const { iat, exp } = decode(token) as { iat: number; exp: number }
  expect([exp - iat, expires]).toStrictEqual([900, new Date(exp * 1000).toUTCString()])
})

test('in cookie mode the demo’s /api/me reads the cookie, and a bearer header alone is not enough', async () => {
  const { token } = await loginWith({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_COOKIE_NAME: 'session' })
  const url = `${server!.url}/api/me`
  const withCookie = await get(url, { cookie: `session=${token}` })
  const withHeader = await get(url, { authorization: `Bearer ${token}` })
  expect([withCookie.status, withCookie.body, withHeader.status, withHeader.body]).toStrictEqual([
    200,
    { id: 1, email: ANN.email },
    400,
    { code: 'invalid_request', description: 'Auth cookie not found.' },
  ])
})

test('cookie off (the default): no Set-Cookie', async () => {
  const { reply } = await loginWith({ SETTINGS_JWT_COOKIE: 'false' })
  expect([reply.status, reply.headers['set-cookie']]).toStrictEqual([200, undefined])
})
