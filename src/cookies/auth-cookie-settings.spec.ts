import { createCsrfSettings } from '../core/csrf'
import { createAuthCookieSettings } from './auth-cookie-settings'

const csrf = { secret: 'the shared secret' }

describe('createAuthCookieSettings: names, paths and the cookie prefixes', () => {
  test('defaults: auth on /, auth_refresh on /auth, Lax, Secure only over HTTPS, no CSRF cookie', () => {
    const settings = createAuthCookieSettings()
    expect({ ...settings }).toStrictEqual({
      access: { name: 'auth', path: '/', alwaysSecure: false },
      refresh: { name: 'auth_refresh', path: '/auth', alwaysSecure: false },
      csrfCookie: undefined,
      csrf: undefined,
      sameSite: 'Lax',
      domain: undefined,
      trustProxy: false,
    })
    expect(Object.isFrozen(settings)).toBe(true)
  })

  test('with CSRF, the XSRF-TOKEN cookie on /; options or ready settings alike', () => {
    expect(createAuthCookieSettings({ csrf }).csrfCookie).toStrictEqual({ name: 'XSRF-TOKEN', path: '/', alwaysSecure: false })
    const ready = createCsrfSettings({ secret: 's', cookieName: 'csrf' })
    expect(createAuthCookieSettings({ csrf: ready }).csrf).toBe(ready)
  })

  test('SameSite=None makes every cookie Secure, whatever "secure" says', () => {
    const settings = createAuthCookieSettings({ sameSite: 'none', csrf })
    expect([settings.sameSite, settings.access.alwaysSecure, settings.refresh.alwaysSecure, settings.csrfCookie?.alwaysSecure]).toStrictEqual(['None', true, true, true])
  })

  test('__Host-auth: Secure always, and the refresh cookie is derived as __Secure-auth_refresh (its path is /auth)', () => {
    const settings = createAuthCookieSettings({ cookieName: '__Host-auth' })
    expect([settings.access, settings.refresh]).toStrictEqual([
      { name: '__Host-auth', path: '/', alwaysSecure: true },
      { name: '__Secure-auth_refresh', path: '/auth', alwaysSecure: true },
    ])
    expect(createAuthCookieSettings({ cookieName: '__Host-auth', refreshPath: '/' }).refresh.name).toBe('__Host-auth_refresh')
  })

  test.each([
    [{ cookieName: '__Host-auth', domain: 'example.com' }, '"cookieName" has the __Host- prefix, which allows no "domain"'],
    [{ refreshCookieName: '__Host-refresh' }, '"refreshCookieName" has the __Host- prefix, which needs the path "/", not "/auth" (use __Secure-)'],
    [{ csrf: { secret: 's', cookieName: '__host-XSRF' }, domain: 'example.com' }, '"csrf.cookieName" has the __Host- prefix, which allows no "domain"'],
    [{ cookieName: 'a;b' }, '"cookieName" must be a cookie name (letters, digits and !#$%&\'*+-.^_`|~)'],
    [{ refreshCookieName: '' }, '"refreshCookieName" must be a cookie name (letters, digits and !#$%&\'*+-.^_`|~)'],
    [{ refreshPath: 'auth' }, '"refreshPath" must be a path starting with "/", without ";" or spaces'],
    [{ refreshPath: '/auth; Domain=evil.example' }, '"refreshPath" must be a path starting with "/", without ";" or spaces'],
    [{ sameSite: 'Lax' }, '"sameSite" must be "lax", "strict" or "none"'],
    [{ secure: 'yes' }, '"secure" must be true or false'],
    [{ domain: 'example.com; Secure' }, '"domain" must be a host name, such as "example.com"'],
    [{ trustProxy: -1 }, '"trustProxy" must be true, false or a number of proxies'],
    [{ cookieName: 'XSRF-TOKEN', csrf }, '"cookieName", "refreshCookieName" and "csrf.cookieName" must differ'],
  ])('%j: TypeError %s', (options, message) => {
    expect(() => createAuthCookieSettings(options as never)).toThrow(new TypeError(`jwt-hooks: ${message}`))
  })
})
