import type { FastifyReply } from 'fastify'

import type { AuthCookieOptions, AuthCookieSettings } from './auth-cookie-settings'
import { resolveCookieSettings } from './configured-cookie-settings'
import { isHttpsRequest } from './is-https-request'
import { planAuthCookies, planCookieRemoval, type AuthTokens } from './plan-auth-cookies'
import { serializeCookie, type CookieSpec } from './serialize-cookie'

/**
 * Sets the auth cookies on a Fastify reply (see the node version for what is set). Works with
 * or without @fastify/cookie, whose own cookies are added beside these.
 * @param reply the reply, not yet sent.
 * @param tokens `{ accessToken, refreshToken?, sessionExpiresAt? }`.
 * @param settings from `createAuthCookieSettings` (default: from `settings.jwt.*`).
 * @example
 * app.post('/auth/login', async (request, reply) => { setAuthCookies(reply, await signIn(request.body)); return {} })
 */
export function setAuthCookies(reply: FastifyReply, tokens: AuthTokens, settings?: AuthCookieSettings | AuthCookieOptions): void {
  const resolved = resolveCookieSettings(settings)
  append(reply, planAuthCookies(tokens, isHttpsRequest(reply.request.raw, resolved.trustProxy), resolved))
}

/**
 * Clears the auth cookies on a Fastify reply.
 * @param reply the reply, not yet sent.
 * @param settings as for setAuthCookies.
 */
export function removeAuthCookies(reply: FastifyReply, settings?: AuthCookieSettings | AuthCookieOptions): void {
  const resolved = resolveCookieSettings(settings)
  append(reply, planCookieRemoval(isHttpsRequest(reply.request.raw, resolved.trustProxy), resolved))
}

// Fastify adds each set-cookie value to those already set, rather than replacing them.
function append(reply: FastifyReply, cookies: CookieSpec[]): void {
  for (const cookie of cookies) reply.header('set-cookie', serializeCookie(cookie))
}
