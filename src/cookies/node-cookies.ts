import type { IncomingMessage, ServerResponse } from 'node:http'

import type { AuthCookieOptions, AuthCookieSettings } from './auth-cookie-settings'
import { resolveCookieSettings } from './configured-cookie-settings'
import { isHttpsRequest } from './is-https-request'
import { planAuthCookies, planCookieRemoval, type AuthTokens } from './plan-auth-cookies'
import { serializeCookie, type CookieSpec } from './serialize-cookie'

/**
 * Sets the auth cookies on a node response (node:http, Express): the access token, the refresh
 * token when given, and the `XSRF-TOKEN` cookie when CSRF is on. `Secure` when the settings say
 * so or the request (`res.req`) came over HTTPS. Other `Set-Cookie` headers are kept.
 * @param res the response, headers not yet sent.
 * @param tokens `{ accessToken, refreshToken?, sessionExpiresAt? }` (the login's `TOKENS` fits).
 * @param settings from `createAuthCookieSettings` (default: from `settings.jwt.*`).
 * @example
 * app.post('/auth/login', async (req, res) => { setAuthCookies(res, await signIn(req.body)); res.json({}) })
 */
export function setAuthCookies(res: ServerResponse, tokens: AuthTokens, settings?: AuthCookieSettings | AuthCookieOptions): void {
  const resolved = resolveCookieSettings(settings)
  appendCookies(res, planAuthCookies(tokens, isHttpsRequest(res.req, resolved.trustProxy), resolved))
}

/**
 * Clears the auth cookies on a node response (sign-out): each emptied on its path, expired.
 * @param res the response, headers not yet sent.
 * @param settings as for setAuthCookies.
 * @example
 * removeAuthCookies(res); res.statusCode = 204; res.end()
 */
export function removeAuthCookies(res: ServerResponse, settings?: AuthCookieSettings | AuthCookieOptions): void {
  const resolved = resolveCookieSettings(settings)
  appendCookies(res, planCookieRemoval(isHttpsRequest(res.req, resolved.trustProxy), resolved))
}

function appendCookies(res: ServerResponse & { req?: IncomingMessage }, cookies: CookieSpec[]): void {
  const lines = cookies.map(serializeCookie)
  const before = res.getHeader('set-cookie')
  const kept = before === undefined ? [] : Array.isArray(before) ? before : [String(before)]
  res.setHeader('Set-Cookie', [...kept, ...lines])
}
