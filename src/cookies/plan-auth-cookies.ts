import { createCsrfToken } from '../core/csrf'
import type { AuthCookieSettings, CookiePlace } from './auth-cookie-settings'
import type { CookieSpec } from './serialize-cookie'

/** What a sign-in, a refresh or a login answers, as far as the cookies go (`TOKENS` fits). */
export interface AuthTokens {
  /** The access token (a JWT): its `exp` is the cookie's, its `sub` and `sid` the CSRF token's. */
  accessToken: string
  /** The refresh token, set in its own cookie on `refreshPath` when given. */
  refreshToken?: string
  /**
   * When the session ends (ISO 8601, milliseconds since the epoch, or a Date): the refresh and
   * CSRF cookies end then. Needed with `refreshToken`; without one they end with the access token.
   */
  sessionExpiresAt?: string | number | Date
}

const EPOCH = new Date(0)

/**
 * The cookies that sign a browser in: the access token (`Path=/`), the refresh token (on its path),
 * and the CSRF token when CSRF is on (not HttpOnly: the page reads it and echoes it in a header).
 * @param tokens the tokens just issued.
 * @param https whether the request came over HTTPS (then every cookie is Secure).
 * @param settings from `createAuthCookieSettings`.
 * @throws TypeError when the access token is not a JWT, or a refresh token comes without the
 *   session's end: both are the caller's bugs.
 */
export function planAuthCookies(tokens: AuthTokens, https: boolean, settings: AuthCookieSettings): CookieSpec[] {
  const claims = readClaims(tokens?.accessToken)
  const accessEnd = claims.exp === undefined ? undefined : new Date(claims.exp * 1000)
  const sessionEnd = tokens.refreshToken === undefined ? accessEnd : readSessionEnd(tokens.sessionExpiresAt)
  const cookies = [spec(settings.access, tokens.accessToken, accessEnd, true, https, settings)]
  if (tokens.refreshToken !== undefined) cookies.push(spec(settings.refresh, tokens.refreshToken, sessionEnd, true, https, settings))
  if (settings.csrf !== undefined && settings.csrfCookie !== undefined) {
    if (sessionEnd === undefined) throw new TypeError('jwt-hooks: a CSRF token needs an end: the access token has no "exp"')
    const csrfToken = createCsrfToken({ sub: claims.sub as string, sid: claims.sid, exp: Math.floor(sessionEnd.getTime() / 1000) }, settings.csrf)
    cookies.push(spec(settings.csrfCookie, csrfToken, sessionEnd, false, https, settings))
  }
  return cookies
}

/**
 * The cookies that sign a browser out: each one emptied, on its own path, expired in 1970.
 * @param https whether the request came over HTTPS.
 * @param settings from `createAuthCookieSettings`.
 */
export function planCookieRemoval(https: boolean, settings: AuthCookieSettings): CookieSpec[] {
  const cookies = [spec(settings.access, '', EPOCH, true, https, settings), spec(settings.refresh, '', EPOCH, true, https, settings)]
  if (settings.csrfCookie !== undefined) cookies.push(spec(settings.csrfCookie, '', EPOCH, false, https, settings))
  return cookies
}

function spec(place: CookiePlace, value: string, expires: Date | undefined, httpOnly: boolean, https: boolean, settings: AuthCookieSettings): CookieSpec {
  const secure = place.alwaysSecure || https
  return { name: place.name, value, path: place.path, domain: settings.domain, expires, httpOnly, secure, sameSite: settings.sameSite }
}

// The token was just issued by this server: its payload is read, not verified again.
function readClaims(token: unknown): { sub?: string; sid?: string; exp?: number } {
  const parts = typeof token === 'string' ? token.split('.') : []
  let claims: unknown
  try {
    claims = parts.length === 3 ? JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) : undefined
  } catch {
    claims = undefined
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new TypeError('jwt-hooks: "accessToken" must be a JWT (the token the login just issued)')
  }
  const { sub, sid, exp } = claims as Record<string, unknown>
  return {
    sub: typeof sub === 'number' ? String(sub) : (sub as string | undefined),
    sid: typeof sid === 'string' ? sid : undefined,
    exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined,
  }
}

function readSessionEnd(value: AuthTokens['sessionExpiresAt']): Date {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new TypeError('jwt-hooks: "sessionExpiresAt" (ISO 8601, milliseconds or a Date) must come with "refreshToken"')
  }
  return date
}
