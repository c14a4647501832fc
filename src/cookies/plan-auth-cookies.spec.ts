import { sign } from 'jsonwebtoken'

import { createCsrfSettings, verifyCsrfToken } from '../core/csrf'
import { createAuthCookieSettings } from './auth-cookie-settings'
import { isHttpsRequest } from './is-https-request'
import { planAuthCookies, planCookieRemoval } from './plan-auth-cookies'
import { serializeCookie } from './serialize-cookie'

const NOW = Date.UTC(2030, 0, 1)
const EXP = NOW / 1000 + 900
const SESSION_END = new Date(NOW + 7 * 24 * 3600 * 1000)
const accessToken = sign({ sub: '1', sid: 'sid-1', iat: NOW / 1000, exp: EXP }, 'secret')
const refreshToken = 'cmVmcmVzaC10b2tlbi1vZi0zMi1ieXRlcy1leGFjdGx5'
const csrf = createCsrfSettings({ secret: 'the shared secret', clock: () => NOW })
const ACCESS_END = new Date(EXP * 1000).toUTCString()
const END = SESSION_END.toUTCString()

describe('planAuthCookies + serializeCookie: the Set-Cookie lines', () => {
  test('access, refresh and CSRF cookies over HTTP: HttpOnly but the CSRF one, no Secure', () => {
    const settings = createAuthCookieSettings({ csrf })
    const lines = planAuthCookies({ accessToken, refreshToken, sessionExpiresAt: SESSION_END.toISOString() }, false, settings).map(serializeCookie)
    expect(lines).toStrictEqual([
      `auth=${accessToken}; Path=/; Expires=${ACCESS_END}; HttpOnly; SameSite=Lax`,
      `auth_refresh=${refreshToken}; Path=/auth; Expires=${END}; HttpOnly; SameSite=Lax`,
      expect.stringMatching(new RegExp(`^XSRF-TOKEN=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+); Path=/; Expires=${END}; SameSite=Lax$`)),
    ])
    const csrfToken = /^XSRF-TOKEN=([^;]+);/.exec(lines[2])![1]
    expect(verifyCsrfToken(csrfToken, csrf)).toStrictEqual({ sub: '1', sid: 'sid-1', exp: SESSION_END.getTime() / 1000, n: expect.any(String) })
  })

  test('over HTTPS every cookie is Secure; Domain and Strict as configured', () => {
    const settings = createAuthCookieSettings({ sameSite: 'strict', domain: 'example.com' })
    expect(planAuthCookies({ accessToken }, true, settings).map(serializeCookie)).toStrictEqual([
      `auth=${accessToken}; Domain=example.com; Path=/; Expires=${ACCESS_END}; HttpOnly; Secure; SameSite=Strict`,
    ])
  })

  test('without a refresh token, the CSRF cookie ends with the access token; sessionExpiresAt may be milliseconds or a Date', () => {
    const settings = createAuthCookieSettings({ csrf, sameSite: 'none' })
    const lines = planAuthCookies({ accessToken }, false, settings).map(serializeCookie)
    expect(lines[1]).toMatch(new RegExp(`^XSRF-TOKEN=[^;]+; Path=/; Expires=${ACCESS_END}; Secure; SameSite=None$`))
    for (const sessionExpiresAt of [SESSION_END.getTime(), SESSION_END]) {
      expect(serializeCookie(planAuthCookies({ accessToken, refreshToken, sessionExpiresAt }, false, settings)[1])).toBe(
        `auth_refresh=${refreshToken}; Path=/auth; Expires=${END}; HttpOnly; Secure; SameSite=None`,
      )
    }
  })

  test('sign-out: every cookie emptied on its own path, expired in 1970', () => {
    const settings = createAuthCookieSettings({ csrf, cookieName: '__Host-auth' })
    expect(planCookieRemoval(false, settings).map(serializeCookie)).toStrictEqual([
      '__Host-auth=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
      '__Secure-auth_refresh=; Path=/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
      'XSRF-TOKEN=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax',
    ])
  })

  test('cookie injection: a value that is not base64url is refused, never written', () => {
    const settings = createAuthCookieSettings()
    for (const bad of ['a; Domain=evil.example', 'a,b', 'a b', 'a"b', 'a\r\nSet-Cookie: x=y']) {
      expect(() => planAuthCookies({ accessToken, refreshToken: bad, sessionExpiresAt: SESSION_END }, false, settings).map(serializeCookie)).toThrow(
        new TypeError('jwt-hooks: the value of the cookie "auth_refresh" must be base64url (a token), not anything else'),
      )
    }
  })

  test('a cookie browsers would drop (over 4096 bytes) is an error, not a silent sign-in failure', () => {
    const big = sign({ sub: '1', exp: EXP, pad: 'x'.repeat(4000) }, 'secret')
    expect(() => planAuthCookies({ accessToken: big }, false, createAuthCookieSettings()).map(serializeCookie)).toThrow(
      'jwt-hooks: the cookie "auth" would be over 4096 bytes, which browsers drop: put fewer claims in the token',
    )
  })

  test('the caller\'s bugs: an access token that is not a JWT, a refresh token without the session\'s end', () => {
    const settings = createAuthCookieSettings({ csrf })
    expect(() => planAuthCookies({ accessToken: 'opaque' }, false, settings)).toThrow(new TypeError('jwt-hooks: "accessToken" must be a JWT (the token the login just issued)'))
    expect(() => planAuthCookies({ accessToken, refreshToken }, false, settings)).toThrow(
      new TypeError('jwt-hooks: "sessionExpiresAt" (ISO 8601, milliseconds or a Date) must come with "refreshToken"'),
    )
    expect(() => planAuthCookies({ accessToken: sign({ sub: '1' }, 'secret', { noTimestamp: true }) }, false, settings)).toThrow(
      new TypeError('jwt-hooks: a CSRF token needs an end: the access token has no "exp"'),
    )
  })
})

describe('isHttpsRequest', () => {
  test('a TLS socket is HTTPS; X-Forwarded-Proto only behind trusted proxies, its first entry', () => {
    expect(isHttpsRequest({ socket: { encrypted: true }, headers: {} }, false)).toBe(true)
    expect(isHttpsRequest({ socket: {}, headers: { 'x-forwarded-proto': 'https' } }, false)).toBe(false)
    expect(isHttpsRequest({ socket: {}, headers: { 'x-forwarded-proto': 'HTTPS' } }, 1)).toBe(true)
    expect(isHttpsRequest({ socket: {}, headers: { 'x-forwarded-proto': 'https, http' } }, true)).toBe(true)
    expect(isHttpsRequest({ socket: {}, headers: { 'x-forwarded-proto': 'http, https' } }, true)).toBe(false)
    expect(isHttpsRequest(undefined, true)).toBe(false)
  })
})
