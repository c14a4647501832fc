import type { Context, Middleware, Next } from 'koa'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, OPTIONAL, REQUIRED, type Authenticate, type AuthOutcome, type Failure, type JWTOptions, type VerifyOptions } from '../core/types'
import { NodeRequest } from './node-request'
import { JSON_TYPE } from './write-failure'

/**
 * Koa middleware that refuses any request without a valid JWT and sets `ctx.state.user`.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken (audience, issuer, algorithms…).
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * app.use(jwtRequired({ blackList: isInFile('blacklist.txt') }))
 * app.use((ctx) => { ctx.body = { user: ctx.state.user } })
 */
export function jwtRequired(options?: JWTOptions, verifyOptions?: VerifyOptions): Middleware {
  return koaDoor(createConfiguredAuthenticator(options, verifyOptions, REQUIRED))
}

/**
 * Koa middleware that lets a request with no token through (`ctx.state.user` undefined) and
 * judges any token it does get exactly like jwtRequired.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken.
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * app.use(jwtOptional())
 * app.use((ctx) => { ctx.body = ctx.state.user ? 'hi again' : 'hi' })
 */
export function jwtOptional(options?: JWTOptions, verifyOptions?: VerifyOptions): Middleware {
  return koaDoor(createConfiguredAuthenticator(options, verifyOptions, OPTIONAL))
}

// The Cookie header is read as sent: ctx.cookies.get() would ask for a `.sig` cookie
// whenever the app has `keys`.
function koaDoor(authenticate: Authenticate): Middleware {
  return (ctx, next) => {
    const outcome = authenticate(new NodeRequest(ctx.headers, ctx.method, ctx.originalUrl, undefined, (ctx.request as { body?: unknown }).body))
    return outcome instanceof Promise ? outcome.then((late) => settle(ctx, next, late)) : settle(ctx, next, outcome)
  }
}

function settle(ctx: Context, next: Next, outcome: AuthOutcome): Promise<void> | void {
  if (isFailure(outcome)) return writeFailure(ctx, outcome)
  ctx.state.user = outcome.user
  return next()
}

function writeFailure(ctx: Context, failure: Failure): void {
  ctx.status = failure.status
  ctx.set(failure.headers)
  // The JSON serialised once by the core, under the type Koa gives an object body; an empty
  // string, not undefined, for the rows without one: Koa fills a missing body with the status text.
  if (failure.json !== '') ctx.type = JSON_TYPE
  ctx.body = failure.json
}

export { authRoutes } from './koa-auth-routes'
export type { AuthRoutesOptions } from './node-endpoint'
export { setAuthCookies, removeAuthCookies } from '../cookies/koa-cookies'
export { createAuthCookieSettings, AuthCookieSettings, type AuthCookieOptions, type SameSite } from '../cookies/auth-cookie-settings'
export type { AuthTokens } from '../cookies/plan-auth-cookies'
