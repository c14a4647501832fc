import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { isFailure, type Authenticate } from '../core/types'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { withCookieRemoval } from './auth-cookie-answer'
import type { BodyResult, Endpoint, EndpointAnswer, EndpointRequest } from './endpoint'
import { ENDPOINT_ANSWERS, NO_CONTENT, refuse, UNAVAILABLE } from './endpoint-answers'
import { logoutByAccessCookie } from './logout-by-access-cookie'
import { bodyHasToken, readEndpointBody, readGrant } from './read-grant'
import { tokenExpiry } from './token-expiry'

/** How logout judges access tokens: from the `Authorization` header, and in cookie mode from the auth cookie. */
export interface LogoutJudges {
  bearer: Authenticate
  /** With `cookie: true`; only in cookie mode. */
  cookie?: Authenticate
}

/**
 * `POST /auth/logout`: with `Authorization: Bearer <access token>`, the token is judged by the
 * pipeline (the hooks' rows; a revoked session's token is row 5) and its session revoked; without
 * that header, the body `{ refreshToken }` names the session (an unknown token, or one of a
 * session already over: `invalid_grant`). 204 either way; a store fault 503.
 * In cookie mode, without either: the refresh cookie names the session, else the access cookie
 * does, each once the CSRF check passed (403 `invalid_csrf_token`); a 204, and an
 * `invalid_grant` for the cookie of a session already over, clear every auth cookie.
 * @param sessions the sessions.
 * @param judges the pipelines that judge an access token (with `sessions`).
 * @param onFault where a store fault is said.
 * @param cookies the cookie settings of cookie mode, or undefined.
 */
export function createLogoutEndpoint(sessions: Sessions, judges: LogoutJudges, onFault: (error: unknown) => void, cookies?: AuthCookieSettings): Endpoint {
  return async (request) => {
    try {
      const answer = await logout(request, sessions, judges, cookies)
      return cookies !== undefined && answer.cleared ? withCookieRemoval(answer.answer, request, cookies) : answer.answer
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error
      onFault(error)
      return UNAVAILABLE
    }
  }
}

async function logout(request: EndpointRequest, sessions: Sessions, judges: LogoutJudges, cookies: AuthCookieSettings | undefined): Promise<{ answer: EndpointAnswer; cleared: boolean }> {
  if (request.header('authorization') !== undefined) {
    const outcome = await judges.bearer({ header: (name) => request.header(name), method: 'POST' })
    if (isFailure(outcome)) return kept({ status: outcome.status, body: outcome.body, headers: outcome.headers })
    const sid = outcome.payload?.sid
    if (typeof sid !== 'string') return kept(refuse(ENDPOINT_ANSWERS.noSession))
    // Already revoked by another process, not yet polled here: logged out all the same. A session
    // the store lost (a Redis restarted empty): its sid is recorded revoked until the token's exp.
    await sessions.revokeSession(sid, { until: tokenExpiry(outcome.payload) })
    return { answer: NO_CONTENT, cleared: true }
  }
  const body = await readEndpointBody(request, cookies)
  if (cookies !== undefined && judges.cookie !== undefined && !bodyHasToken(body) && !request.cookie?.(cookies.refresh.name)) {
    const byAccess = await logoutByAccessCookie(request, body, sessions, judges.cookie, cookies)
    if (byAccess !== undefined) return byAccess
  }
  return byRefreshToken(request, body, sessions, cookies)
}

async function byRefreshToken(request: EndpointRequest, body: BodyResult, sessions: Sessions, cookies: AuthCookieSettings | undefined): Promise<{ answer: EndpointAnswer; cleared: boolean }> {
  const grant = await readGrant(request, body, sessions, cookies)
  if ('refused' in grant) return kept(grant.refused)
  const revoked = await sessions.revokeByRefreshToken(grant.token)
  if (revoked) return { answer: NO_CONTENT, cleared: true }
  // The cookie's session is over already: the browser forgets it too.
  return { answer: refuse(ENDPOINT_ANSWERS.invalidGrant), cleared: grant.from === 'cookie' }
}

function kept(answer: EndpointAnswer): { answer: EndpointAnswer; cleared: boolean } {
  return { answer, cleared: false }
}
