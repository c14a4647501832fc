import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { checkCsrf } from '../core/csrf/check-csrf'
import { verifyCsrfToken } from '../core/csrf/verify-csrf-token'
import { FIXED_FAILURES } from '../core/errors/to-failure'
import type { Sessions } from '../tokens/sessions'
import { checkBody, isText, type BodySchema } from './check-body'
import type { BodyResult, EndpointAnswer, EndpointRequest } from './endpoint'
import { findRefreshSession } from './find-refresh-session'

/** Longest refresh token looked at; ours are 43 characters. Longer is a 400, not a grant. */
export const MAX_REFRESH_TOKEN_LENGTH = 1024
export const REFRESH_BODY: BodySchema = { required: { refreshToken: isText(1, MAX_REFRESH_TOKEN_LENGTH) } }
// In cookie mode a body may carry the CSRF token as `_csrf` (DESIGN-SESSIONS.md), with or without a refresh token.
const COOKIE_MODE_BODY: BodySchema = { required: REFRESH_BODY.required, optional: { _csrf: isText(0, MAX_REFRESH_TOKEN_LENGTH) } }
const CSRF_ONLY_BODY: BodySchema = { required: {}, optional: { _csrf: isText(0, MAX_REFRESH_TOKEN_LENGTH) } }

/** Where the refresh token of a request came from: the body (the client holds it) or the refresh cookie (a browser). */
export type Grant = { token: string; from: 'body' | 'cookie' } | { refused: EndpointAnswer }

/**
 * The body of a refresh or a logout. In cookie mode a request without a body at all (a bare
 * `fetch(url, { method: 'POST' })`) is `{}` whatever its Content-Type: the cookie is the grant.
 */
export function readEndpointBody(request: EndpointRequest, cookies: AuthCookieSettings | undefined): Promise<BodyResult> {
  if (cookies === undefined) return request.body()
  const length = request.header('content-length')
  // RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body.
  const none = (length === undefined && request.header('transfer-encoding') === undefined) || length === '0'
  return none ? Promise.resolve({ value: {} }) : request.body()
}

/** Whether a body names a refresh token itself (then it wins over the cookie). */
export function bodyHasToken(body: BodyResult): boolean {
  if (!('value' in body)) return false
  const value = body.value
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Record<string, unknown>).refreshToken != null
}

/**
 * The refresh token of `POST /auth/refresh` and `POST /auth/logout`: the body's `refreshToken`
 * when it has one; else, in cookie mode, the refresh cookie, once the request has shown it comes
 * from the page (the CSRF check against the session behind that token: a browser sends the
 * cookie to any site's form by itself). A refresh cookie naming no live session is left to the
 * grant's own answer (`invalid_grant`): there is no session to protect.
 * @param request the request.
 * @param body its body, read by readEndpointBody.
 * @param sessions the sessions (the store looks the token's session up, spending nothing).
 * @param cookies the cookie settings; undefined when cookie mode is off.
 * @throws StoreUnavailableError when that lookup fails or is late.
 */
export async function readGrant(request: EndpointRequest, body: BodyResult, sessions: Sessions, cookies: AuthCookieSettings | undefined): Promise<Grant> {
  const cookie = cookies === undefined ? undefined : request.cookie?.(cookies.refresh.name)
  if (cookie === undefined || cookie === '' || bodyHasToken(body)) {
    if ('refused' in body) return body
    const checked = checkBody(body.value, cookies === undefined ? REFRESH_BODY : COOKIE_MODE_BODY)
    return 'refused' in checked ? checked : { token: checked.fields.refreshToken as string, from: 'body' }
  }
  const value = 'value' in body ? body.value : undefined
  const refusal = await checkCookieGrant(request, cookie, value, sessions, cookies!)
  if (refusal !== undefined) return { refused: refusal }
  if ('refused' in body) return body
  const checked = checkBody(body.value, CSRF_ONLY_BODY)
  return 'refused' in checked ? checked : { token: cookie, from: 'cookie' }
}

async function checkCookieGrant(request: EndpointRequest, cookie: string, body: unknown, sessions: Sessions, cookies: AuthCookieSettings): Promise<EndpointAnswer | undefined> {
  const csrf = cookies.csrf
  if (csrf === undefined) return undefined
  const found = await findRefreshSession(sessions, cookie)
  let subject: { sub?: unknown; sid?: unknown } | undefined
  if (found === 'no lookup') {
    // A store that cannot look a token up: the CSRF token must be ours, unexpired and echoed,
    // but its session is not compared with the refresh token's (see README, "Cookie mode").
    subject = verifyCsrfToken(request.cookie?.(csrf.cookieName), csrf)
  } else {
    if (found === undefined || found.revokedAt !== undefined || found.expiresAt <= sessions.settings.clock()) return undefined
    subject = found
  }
  const csrfRequest = { method: 'POST', header: (name: string) => request.header(name), cookie: request.cookie, body }
  if (subject !== undefined && checkCsrf(csrfRequest, subject, csrf) === undefined) return undefined
  const { status, body: refusal, headers } = FIXED_FAILURES.invalidCsrfToken
  return { status, body: refusal, headers }
}
