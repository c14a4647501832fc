import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { isHttpsRequest } from '../cookies/is-https-request'
import { planAuthCookies, planCookieRemoval } from '../cookies/plan-auth-cookies'
import type { IssuedTokens } from '../tokens/session-issuer'
import type { EndpointAnswer, EndpointRequest } from './endpoint'
import { tokenAnswer } from './endpoint-answers'

/**
 * The answer of a sign-in or a refresh in cookie mode: `TOKENS` without `refreshToken` (it lives
 * in its HttpOnly cookie, out of reach of the page's scripts), and the cookies: the access token
 * (Path=/), the refresh token (on its path, ending with the session), the `XSRF-TOKEN` one when
 * CSRF is on. Any sign-in endpoint (password, challenge) answers with this in cookie mode.
 * @param issued the tokens just issued and the session's end.
 * @param request the request (whether it came over HTTPS: then every cookie is Secure).
 * @param cookies the cookie settings.
 * @param extra more fields of the body (minting's `user`, say).
 */
export function cookieTokenAnswer(issued: IssuedTokens, request: EndpointRequest, cookies: AuthCookieSettings, extra: Record<string, unknown> = {}): EndpointAnswer {
  const { refreshToken, ...visible } = issued.tokens
  const https = isHttpsRequest(request.transport, cookies.trustProxy)
  const planned = planAuthCookies({ accessToken: issued.tokens.accessToken, refreshToken, sessionExpiresAt: issued.sessionExpiresAt }, https, cookies)
  return { ...tokenAnswer({ ...visible, ...extra }), cookies: planned }
}

/**
 * The same answer with the cookies of a sign-out: each one emptied on its own path, expired.
 * @param answer the logout's answer (204, or `invalid_grant` for a session already over).
 * @param request the request.
 * @param cookies the cookie settings.
 */
export function withCookieRemoval(answer: EndpointAnswer, request: EndpointRequest, cookies: AuthCookieSettings): EndpointAnswer {
  return { ...answer, cookies: planCookieRemoval(isHttpsRequest(request.transport, cookies.trustProxy), cookies) }
}
