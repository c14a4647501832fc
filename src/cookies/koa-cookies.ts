import type { Context } from 'koa'

import type { AuthCookieOptions, AuthCookieSettings } from './auth-cookie-settings'
import { resolveCookieSettings } from './configured-cookie-settings'
import { isHttpsRequest } from './is-https-request'
import { planAuthCookies, planCookieRemoval, type AuthTokens } from './plan-auth-cookies'
import { serializeCookie } from './serialize-cookie'

/**
 * Sets the auth cookies on a Koa context (see the node version for what is set).
 * Written as headers, not through `ctx.cookies`, which would sign them when the app has `keys`.
 * @param ctx the context.
 * @param tokens `{ accessToken, refreshToken?, sessionExpiresAt? }`.
 * @param settings from `createAuthCookieSettings` (default: from `settings.jwt.*`).
 * @example
 * router.post('/auth/login', async (ctx) => { setAuthCookies(ctx, await signIn(ctx.request.body)); ctx.status = 204 })
 */
export function setAuthCookies(ctx: Context, tokens: AuthTokens, settings?: AuthCookieSettings | AuthCookieOptions): void {
  const resolved = resolveCookieSettings(settings)
  ctx.append('Set-Cookie', planAuthCookies(tokens, isHttpsRequest(ctx.req, resolved.trustProxy), resolved).map(serializeCookie))
}

/**
 * Clears the auth cookies on a Koa context.
 * @param ctx the context.
 * @param settings as for setAuthCookies.
 */
export function removeAuthCookies(ctx: Context, settings?: AuthCookieSettings | AuthCookieOptions): void {
  const resolved = resolveCookieSettings(settings)
  ctx.append('Set-Cookie', planCookieRemoval(isHttpsRequest(ctx.req, resolved.trustProxy), resolved).map(serializeCookie))
}
