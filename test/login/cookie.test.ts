import { decode } from 'jsonwebtoken'

import { createCsrfSettings, verifyCsrfToken } from '../../src/core/csrf'
import { SECRET } from '../support/keys'
import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from './support/login-server'
import { get, post } from './support/request'

let db: TestDatabase
let server: LoginServer | undefined

beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db.drop())
afterEach(() => server?.close())

async function loginWith(env: Record<string, string>, headers: Record<string, string> = {}) {
  useJwtEnv(db.dir, env)
  server = await startLoginServer()
  const reply = await post(`${server.url}/auth/login`, { body: ANN, headers })
  const { token, expiresAt } = reply.body as { token: string; expiresAt: string }
  const { iat, exp } = decode(token) as { iat: number; exp: number }
  // The refresh token is in its cookie only (cookie mode keeps it out of the page's reach).
  const refreshToken = /^\w+_refresh=([^;]+);/.exec(((reply.headers['set-cookie'] ?? []) as string[])[1] ?? '')?.[1]
  // The session's end: 7 days (settings.jwt.refreshExpiresIn) after the sign-in's second.
  const sessionEnd = new Date((iat + 7 * 24 * 3600) * 1000).toUTCString()
  return { reply, token, expiresAt, refreshToken, expires: new Date(exp * 1000).toUTCString(), sessionEnd }
}

const XSRF = (attributes: string) => expect.stringMatching(new RegExp(`^XSRF-TOKEN=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; Path=/; ${attributes}$`))

test('settings.jwt.cookie: the token is also set as an HttpOnly, SameSite=Lax cookie named settings.jwt.cookieName, the refresh token as <name>_refresh on /auth (not in the body), with the XSRF-TOKEN cookie (settings.jwt.csrf is on in cookie mode)', async () => {
  const { reply, token, expiresAt, refreshToken, expires, sessionEnd } = await loginWith({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_COOKIE_NAME: 'session' })
  expect({ status: reply.status, body: reply.body, setCookie: reply.headers['set-cookie'] }).toStrictEqual({
    status: 200,
    body: { accessToken: token, expiresAt, token },
    setCookie: [
      `session=${token}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax`,
      `session_refresh=${refreshToken}; Path=/auth; Expires=${sessionEnd}; HttpOnly; SameSite=Lax`,
      XSRF(`Expires=${sessionEnd}; SameSite=Lax`),
    ],
  })
  expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
})

test('the XSRF-TOKEN cookie is a CSRF token for the same subject and session, ending with the session, signed with a key derived from the secret', async () => {
  const { reply, token } = await loginWith({ SETTINGS_JWT_COOKIE: 'true' })
  const csrfToken = /^XSRF-TOKEN=([^;]+)/.exec((reply.headers['set-cookie'] as string[])[2])![1]
  const { sub, sid, iat } = decode(token) as { sub: string; sid: string; iat: number }
  const exp = iat + 7 * 24 * 3600
  expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/)
  expect(verifyCsrfToken(csrfToken, createCsrfSettings({ secret: SECRET, clock: () => (exp - 1) * 1000 }))).toStrictEqual({ sub, sid, exp, n: expect.any(String) })
})

test('settings.jwt.csrf = false: the auth and refresh cookies alone', async () => {
  const { reply, token, expires, refreshToken, sessionEnd } = await loginWith({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_CSRF: 'false' })
  expect(reply.headers['set-cookie']).toStrictEqual([
    `auth=${token}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax`,
    `auth_refresh=${refreshToken}; Path=/auth; Expires=${sessionEnd}; HttpOnly; SameSite=Lax`,
  ])
})

test('settings.jwt.cookieSecure adds Secure', async () => {
  const { reply, token, expires, refreshToken, sessionEnd } = await loginWith({
    SETTINGS_JWT_COOKIE: 'true',
    SETTINGS_JWT_COOKIE_NAME: 'auth',
    SETTINGS_JWT_COOKIE_SECURE: 'true',
  })
  expect(reply.headers['set-cookie']).toStrictEqual([
    `auth=${token}; Path=/; Expires=${expires}; HttpOnly; Secure; SameSite=Lax`,
    `auth_refresh=${refreshToken}; Path=/auth; Expires=${sessionEnd}; HttpOnly; Secure; SameSite=Lax`,
    XSRF(`Expires=${sessionEnd}; Secure; SameSite=Lax`),
  ])
})

test('settings.jwt.cookieSameSite = strict; a request over HTTPS behind a trusted proxy gets Secure cookies', async () => {
  const env = { SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_COOKIE_SAME_SITE: 'strict', SETTINGS_JWT_TRUST_PROXY: '1' }
  const { reply, token, expires, refreshToken, sessionEnd } = await loginWith(env, { 'x-forwarded-proto': 'https' })
  expect(reply.headers['set-cookie']).toStrictEqual([
    `auth=${token}; Path=/; Expires=${expires}; HttpOnly; Secure; SameSite=Strict`,
    `auth_refresh=${refreshToken}; Path=/auth; Expires=${sessionEnd}; HttpOnly; Secure; SameSite=Strict`,
    XSRF(`Expires=${sessionEnd}; Secure; SameSite=Strict`),
  ])
})

test('settings.jwt.cookieSameSite = none: Secure even over plain HTTP (browsers refuse SameSite=None without it)', async () => {
  const { reply, token, expires, refreshToken, sessionEnd } = await loginWith({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_COOKIE_SAME_SITE: 'none', SETTINGS_JWT_CSRF: 'false' })
  expect(reply.headers['set-cookie']).toStrictEqual([
    `auth=${token}; Path=/; Expires=${expires}; HttpOnly; Secure; SameSite=None`,
    `auth_refresh=${refreshToken}; Path=/auth; Expires=${sessionEnd}; HttpOnly; Secure; SameSite=None`,
  ])
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
