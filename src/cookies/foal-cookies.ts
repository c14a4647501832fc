import type { HttpResponse } from '@foal/core'

import type { AuthCookieOptions, AuthCookieSettings } from './auth-cookie-settings'
import { resolveCookieSettings } from './configured-cookie-settings'
import { isHttpsRequest, type ProtocolSource } from './is-https-request'
import { planAuthCookies, planCookieRemoval, type AuthTokens } from './plan-auth-cookies'
import { serializeCookie, type CookieSpec } from './serialize-cookie'

/**
 * Sets the auth cookies on a FoalTS `HttpResponse` with its `setCookie` (see the node version for
 * what is set). A Foal response does not know its request, so the request is passed too: it
 * tells whether the cookies must be Secure.
 * @param response the response a controller returns.
 * @param tokens `{ accessToken, refreshToken?, sessionExpiresAt? }`.
 * @param request `ctx.request`.
 * @param settings from `createAuthCookieSettings` (default: from `settings.jwt.*`).
 * @example
 * return setAuthCookies(new HttpResponseOK(tokens), tokens, ctx.request)
 */
export function setAuthCookies<R extends HttpResponse>(
  response: R,
  tokens: AuthTokens,
  request: ProtocolSource,
  settings?: AuthCookieSettings | AuthCookieOptions,
): R {
  const resolved = resolveCookieSettings(settings)
  return setAll(response, planAuthCookies(tokens, isHttpsRequest(request, resolved.trustProxy), resolved))
}

/**
 * Clears the auth cookies on a FoalTS `HttpResponse`.
 * @param response the response a controller returns.
 * @param request `ctx.request`.
 * @param settings as for setAuthCookies.
 * @example
 * return removeAuthCookies(new HttpResponseNoContent(), ctx.request)
 */
export function removeAuthCookies<R extends HttpResponse>(response: R, request: ProtocolSource, settings?: AuthCookieSettings | AuthCookieOptions): R {
  const resolved = resolveCookieSettings(settings)
  return setAll(response, planCookieRemoval(isHttpsRequest(request, resolved.trustProxy), resolved))
}

/**
 * Sets planned cookies on a FoalTS response with its `setCookie`. Express's serializer writes
 * what serializeCookie writes (same attributes, same order); the value is checked here first, as
 * every door checks it.
 * @param response the response.
 * @param cookies from planAuthCookies or planCookieRemoval.
 */
export function setAll<R extends HttpResponse>(response: R, cookies: readonly CookieSpec[]): R {
  for (const cookie of cookies) {
    serializeCookie(cookie)
    const sameSite = cookie.sameSite.toLowerCase() as 'lax' | 'strict' | 'none'
    const { path, domain, expires, httpOnly, secure } = cookie
    response.setCookie(cookie.name, cookie.value, { path, domain, expires, httpOnly, secure, sameSite })
  }
  return response
}
