import { generateKeyPairSync } from 'node:crypto'

import { sign } from 'jsonwebtoken'

import { cookieSettingsFromConfig } from '../../src/cookies/configured-cookie-settings'
import { createAuthCookieSettings } from '../../src/cookies/auth-cookie-settings'
import { resetJwtConfig } from '../../src/config/jwt-config'
import { createCsrfSettings, createCsrfToken, type CsrfSettings } from '../../src/core/csrf'
import { invalidRequest, invalidToken } from '../support/answers'
import type { Answer } from '../support/http'
import { NOW, SECRET } from '../support/keys'
import { AUTHZ_DOORS, type AuthzDoor, type Running } from './support/authz-doors'
import { sendRaw, type RawSend } from './support/raw-request'

const INVALID_CSRF: Answer = { status: 403, body: { code: 'invalid_csrf_token', description: 'CSRF token missing or incorrect.' }, wwwAuthenticate: null }
const REACHED: Answer = { status: 200, body: { reached: true, sub: 'ann' }, wwwAuthenticate: null }
const REACHED_HEAD: Answer = { status: 200, body: '', wwwAuthenticate: null }
const session = { sub: 'ann', sid: 'session-1', exp: NOW + 3600 }
const access = sign({ sub: session.sub, sid: session.sid }, SECRET, { algorithm: 'HS256' })
// The CSRF settings the app's cookie helpers are given: the same shared secret as the door's key.
const helpers = createAuthCookieSettings({ csrf: { secret: SECRET } }).csrf as CsrfSettings
const csrfToken = createCsrfToken(session, helpers)
const cookies = (csrf = csrfToken, token = access) => `auth=${token}; XSRF-TOKEN=${csrf}`
const authOnly = `auth=${access}`

async function withDoor<T>(door: AuthzDoor, options: Parameters<AuthzDoor['start']>[0], work: (server: Running) => Promise<T>): Promise<T> {
  const server = await door.start(options)
  try {
    return await work(server)
  } finally {
    await server.close()
  }
}

describe.each(AUTHZ_DOORS)('CSRF on $name: cookie: true, a shared secret (on by default)', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start({ secretOrPublicKey: SECRET, cookie: true })
  })
  afterAll(() => server.close())
  const send = (request: Omit<RawSend, 'target'>) => sendRaw(server.url, { target: '/notes/1', ...request })

  test.each(['GET', 'HEAD'])('%s needs no CSRF token', async (method) => {
    expect(await send({ method, cookie: cookies() })).toStrictEqual(method === 'HEAD' ? REACHED_HEAD : REACHED)
  })

  test.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s with the cookies and no CSRF header: 403 invalid_csrf_token', async (method) => {
    expect(await send({ method, cookie: cookies() })).toStrictEqual(INVALID_CSRF)
  })

  test.each(['x-csrf-token', 'X-XSRF-Token'])('POST with the XSRF-TOKEN cookie echoed in %s: passes', async (name) => {
    expect(await send({ method: 'POST', cookie: cookies(), headers: { [name]: csrfToken } })).toStrictEqual(REACHED)
  })

  test(`POST with the token in a parsed JSON body's _csrf field: ${door.parsesBody ? 'passes' : 'node:http parses no body, so 403'}`, async () => {
    expect(await send({ method: 'POST', cookie: cookies(), json: { _csrf: csrfToken, text: 'hi' } })).toStrictEqual(door.parsesBody ? REACHED : INVALID_CSRF)
  })

  // The cases of @foal/jwt 4's own hook spec.
  test.each([
    { title: 'no XSRF-TOKEN cookie, the header alone', cookie: authOnly, header: csrfToken },
    { title: 'a token signed by another key', ...both(createCsrfToken(session, createCsrfSettings({ secret: 'another-secret-of-at-least-thirty-two-bytes' }))) },
    { title: 'a token of another subject', ...both(createCsrfToken({ ...session, sub: 'bob' }, helpers)) },
    { title: 'a token of another session of the same subject', ...both(createCsrfToken({ ...session, sid: 'session-2' }, helpers)) },
    { title: 'an expired token', ...both(createCsrfToken({ ...session, exp: NOW - 1 }, helpers)) },
    { title: 'a header not equal to the cookie', cookie: cookies(), header: createCsrfToken(session, helpers) },
    { title: 'the access token itself as the CSRF token', cookie: cookies(access), header: access },
  ])('POST, $title: 403', async ({ cookie, header }) => {
    expect(await send({ method: 'POST', cookie, headers: { 'x-csrf-token': header } })).toStrictEqual(INVALID_CSRF)
  })

  test('POST, the cookie and the header equal and ours: passes (the last case of the spec)', async () => {
    const fresh = createCsrfToken(session, helpers)
    expect(await send({ method: 'DELETE', cookie: cookies(fresh), headers: { 'x-xsrf-token': fresh } })).toStrictEqual(REACHED)
  })

  test('the 400 and 401 rows come first: no auth cookie, then a forged one', async () => {
    expect(await send({ method: 'POST' })).toStrictEqual(invalidRequest('Auth cookie not found.'))
    const forged = sign({ sub: 'ann', sid: 'session-1' }, 'another-secret-of-at-least-thirty-two-bytes', { algorithm: 'HS256' })
    expect(await send({ method: 'POST', cookie: cookies(csrfToken, forged), headers: { 'x-csrf-token': csrfToken } })).toStrictEqual(invalidToken('invalid signature'))
  })

  test('cookie mode reads only the cookie: a Bearer header beside it does not spare the CSRF token', async () => {
    expect(await send({ method: 'POST', cookie: cookies(), authorization: `Bearer ${access}` })).toStrictEqual(INVALID_CSRF)
  })
})

describe.each(AUTHZ_DOORS)('CSRF on $name: when no CSRF token is needed', (door) => {
  test('a door reading the Authorization header: POST with a Bearer token passes (a browser never sends it cross-site)', async () => {
    const answer = await withDoor(door, { secretOrPublicKey: SECRET }, (server) => sendRaw(server.url, { method: 'POST', target: '/', authorization: `Bearer ${access}`, cookie: `XSRF-TOKEN=x` }))
    expect(answer).toStrictEqual(REACHED)
  })

  test('csrf: false on a cookie door: POST with the cookie alone passes', async () => {
    const answer = await withDoor(door, { secretOrPublicKey: SECRET, cookie: true, csrf: false }, (server) => sendRaw(server.url, { method: 'POST', target: '/', cookie: authOnly }))
    expect(answer).toStrictEqual(REACHED)
  })
})

describe.each(AUTHZ_DOORS)('CSRF on $name: the key', (door) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const rsAccess = sign({ sub: session.sub, sid: session.sid }, privateKey, { algorithm: 'ES256' })
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const rsCookies = (csrf: string) => `auth=${rsAccess}; XSRF-TOKEN=${csrf}`

  test('a public key and no csrfSecret: nothing to check with, so unsafe methods are refused and GET goes on', async () => {
    const answers = await withDoor(door, { secretOrPublicKey: pem, cookie: true }, async (server) => [
      await sendRaw(server.url, { method: 'GET', target: '/', cookie: rsCookies(csrfToken) }),
      await sendRaw(server.url, { method: 'POST', target: '/', cookie: rsCookies(csrfToken), headers: { 'x-csrf-token': csrfToken } }),
    ])
    expect(answers).toStrictEqual([REACHED, INVALID_CSRF])
  })

  test('a public key and csrfSecret (the secret the cookie helpers sign with): passes', async () => {
    const answer = await withDoor(door, { secretOrPublicKey: pem, cookie: true, csrfSecret: SECRET }, (server) =>
      sendRaw(server.url, { method: 'PUT', target: '/', cookie: rsCookies(csrfToken), headers: { 'x-csrf-token': csrfToken } }),
    )
    expect(answer).toStrictEqual(REACHED)
  })

  test('csrfSecret as the helpers\' CsrfSettings (its cookie name too)', async () => {
    const named = createCsrfSettings({ secret: 'the-csrf-secret-of-at-least-thirty-two-b', cookieName: 'csrf' })
    const token = createCsrfToken(session, named)
    const answers = await withDoor(door, { secretOrPublicKey: pem, cookie: true, csrfSecret: named }, async (server) => [
      await sendRaw(server.url, { method: 'POST', target: '/', cookie: `auth=${rsAccess}; csrf=${token}`, headers: { 'x-csrf-token': token } }),
      await sendRaw(server.url, { method: 'POST', target: '/', cookie: rsCookies(token), headers: { 'x-csrf-token': token } }),
    ])
    expect(answers).toStrictEqual([REACHED, INVALID_CSRF])
  })
})

describe.each(AUTHZ_DOORS)('CSRF on $name with the key from the configuration: the XSRF-TOKEN cookie of the cookie helpers passes', (door) => {
  beforeEach(() => {
    process.env.SETTINGS_JWT_SECRET_OR_PUBLIC_KEY = SECRET
    process.env.SETTINGS_JWT_COOKIE = 'true'
    resetJwtConfig()
  })
  afterEach(() => {
    delete process.env.SETTINGS_JWT_SECRET_OR_PUBLIC_KEY
    delete process.env.SETTINGS_JWT_COOKIE
    delete process.env.SETTINGS_JWT_CSRF
    resetJwtConfig()
  })

  test('cookie mode: the helpers\' token passes, none is 403', async () => {
    const token = createCsrfToken(session, cookieSettingsFromConfig().csrf as CsrfSettings)
    const answers = await withDoor(door, { cookie: true }, async (server) => [
      await sendRaw(server.url, { method: 'POST', target: '/', cookie: cookies(token), headers: { 'x-csrf-token': token } }),
      await sendRaw(server.url, { method: 'POST', target: '/', cookie: cookies(token) }),
    ])
    expect(answers).toStrictEqual([REACHED, INVALID_CSRF])
  })

  test('settings.jwt.csrf: false in cookie mode turns the check off', async () => {
    process.env.SETTINGS_JWT_CSRF = 'false'
    resetJwtConfig()
    const answer = await withDoor(door, { cookie: true }, (server) => sendRaw(server.url, { method: 'POST', target: '/', cookie: authOnly }))
    expect(answer).toStrictEqual(REACHED)
  })
})

function both(token: string): { cookie: string; header: string } {
  return { cookie: cookies(token), header: token }
}
