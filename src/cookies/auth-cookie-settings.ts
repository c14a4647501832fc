import { createCsrfSettings, CsrfSettings, type CsrfOptions } from '../core/csrf'

/** `SameSite`, as the configuration spells it (`settings.jwt.cookieSameSite`). */
export type SameSite = 'lax' | 'strict' | 'none'

/** What `createAuthCookieSettings` takes; every field has a default. */
export interface AuthCookieOptions {
  /** The access-token cookie (default `auth`; `settings.jwt.cookieName`). `__Host-auth` gives the prefix. */
  cookieName?: string
  /**
   * The refresh-token cookie (default: the access cookie's name with `_refresh`, its `__Host-`
   * prefix turned into `__Secure-`, since this cookie's path is not `/`).
   */
  refreshCookieName?: string
  /** Where the refresh cookie is sent (default `/auth`: only to /auth/refresh and /auth/logout). */
  refreshPath?: string
  /** Default `lax`; `none` (a SPA on another site) makes every cookie `Secure`. */
  sameSite?: SameSite
  /** `true`: always `Secure`. `false` (default): `Secure` when the request came over HTTPS. */
  secure?: boolean
  /** A `Domain` attribute (default none: the cookies go to this host only). Not with `__Host-`. */
  domain?: string
  /** Proxies whose `X-Forwarded-Proto` is believed (`settings.jwt.trustProxy`; default false). */
  trustProxy?: boolean | number
  /** The `XSRF-TOKEN` cookie's settings (or options for them); false or absent: no CSRF cookie. */
  csrf?: false | CsrfSettings | CsrfOptions
}

/** One cookie's fixed attributes. */
export interface CookiePlace {
  name: string
  path: string
  /** Secure whatever the request (`secure`, `SameSite=None` or a `__Host-`/`__Secure-` name). */
  alwaysSecure: boolean
}

/** The options, checked and frozen: build them once, at setup. */
export class AuthCookieSettings {
  constructor(
    readonly access: CookiePlace,
    readonly refresh: CookiePlace,
    /** The CSRF cookie's place; undefined when CSRF is off. */
    readonly csrfCookie: CookiePlace | undefined,
    readonly csrf: CsrfSettings | undefined,
    readonly sameSite: 'Lax' | 'Strict' | 'None',
    readonly domain: string | undefined,
    readonly trustProxy: boolean | number,
  ) {
    Object.freeze(this)
  }
}

const SAME_SITE = { lax: 'Lax', strict: 'Strict', none: 'None' } as const
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const PATH = /^\/[\x21-\x3a\x3c-\x7e]*$/
const DOMAIN = /^\.?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/
const HOST_PREFIX = /^__Host-/i
const SECURE_PREFIX = /^__Secure-/i

/**
 * Checks the cookie options once: names, path, domain, and the rules of the cookie prefixes
 * (RFC 6265bis §4.1.3: `__Host-` is Secure, Path=/, no Domain; `__Secure-` is Secure).
 * @param options see AuthCookieOptions.
 * @throws TypeError naming the option that is wrong, or the two that cannot go together.
 * @example
 * const cookies = createAuthCookieSettings({ cookieName: '__Host-auth', csrf: { secret } })
 * setAuthCookies(res, tokens, cookies)
 */
export function createAuthCookieSettings(options: AuthCookieOptions = {}): AuthCookieSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: cookie options must be an object')
  const { cookieName = 'auth', refreshPath = '/auth', sameSite = 'lax', secure = false, domain, trustProxy = false, csrf } = options
  checkName('cookieName', cookieName)
  checkName('refreshCookieName', options.refreshCookieName)
  if (typeof refreshPath !== 'string' || !PATH.test(refreshPath)) throw new TypeError('jwt-hooks: "refreshPath" must be a path starting with "/", without ";" or spaces')
  if (!(sameSite in SAME_SITE)) throw new TypeError('jwt-hooks: "sameSite" must be "lax", "strict" or "none"')
  if (typeof secure !== 'boolean') throw new TypeError('jwt-hooks: "secure" must be true or false')
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain))) throw new TypeError('jwt-hooks: "domain" must be a host name, such as "example.com"')
  if (!(typeof trustProxy === 'boolean' || (Number.isSafeInteger(trustProxy) && trustProxy >= 0))) {
    throw new TypeError('jwt-hooks: "trustProxy" must be true, false or a number of proxies')
  }
  const csrfSettings = csrf === undefined || csrf === false ? undefined : csrf instanceof CsrfSettings ? csrf : createCsrfSettings(csrf)
  const forced = secure || sameSite === 'none'
  const refreshName = options.refreshCookieName ?? deriveRefreshName(cookieName, refreshPath)
  const access = place('cookieName', cookieName, '/', forced, domain)
  const refresh = place('refreshCookieName', refreshName, refreshPath, forced, domain)
  const csrfCookie = csrfSettings && place('csrf.cookieName', csrfSettings.cookieName, '/', forced, domain)
  const names = [access.name, refresh.name, csrfCookie?.name].filter((name) => name !== undefined)
  if (new Set(names).size !== names.length) throw new TypeError('jwt-hooks: "cookieName", "refreshCookieName" and "csrf.cookieName" must differ')
  return new AuthCookieSettings(access, refresh, csrfCookie, csrfSettings, SAME_SITE[sameSite], domain, trustProxy)
}

function checkName(option: string, name: unknown): void {
  if (name !== undefined && (typeof name !== 'string' || !COOKIE_NAME.test(name))) {
    throw new TypeError(`jwt-hooks: "${option}" must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~)`)
  }
}

function place(option: string, name: string, path: string, forced: boolean, domain: string | undefined): CookiePlace {
  if (HOST_PREFIX.test(name)) {
    if (domain !== undefined) throw new TypeError(`jwt-hooks: "${option}" has the __Host- prefix, which allows no "domain"`)
    if (path !== '/') throw new TypeError(`jwt-hooks: "${option}" has the __Host- prefix, which needs the path "/", not "${path}" (use __Secure-)`)
  }
  return Object.freeze({ name, path, alwaysSecure: forced || HOST_PREFIX.test(name) || SECURE_PREFIX.test(name) })
}

// `__Host-auth` → `__Secure-auth_refresh` unless the refresh cookie's path is "/".
function deriveRefreshName(cookieName: string, refreshPath: string): string {
  const name = `${cookieName}_refresh`
  return refreshPath === '/' ? name : name.replace(HOST_PREFIX, '__Secure-')
}
