import type { NextFunction, Request, RequestHandler, Response } from 'express'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, OPTIONAL, REQUIRED, type Authenticate, type AuthOutcome, type JWTOptions, type VerifyOptions } from '../core/types'
import { NodeRequest } from './node-request'
import { writeFailure } from './write-failure'

/** An Express request once a door has let it through: `user` is what the token named. */
export type RequestWithUser = Request & { user?: unknown }

/**
 * Express/Connect middleware that refuses any request without a valid JWT and sets `req.user`.
 * Reads cookie-parser's `req.cookies` when installed, else the `Cookie` header.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken (audience, issuer, algorithms…).
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * app.get('/me', jwtRequired({ user: fetchUser(User) }), (req: RequestWithUser, res) => res.json(req.user))
 */
export function jwtRequired(options?: JWTOptions, verifyOptions?: VerifyOptions): RequestHandler {
  return expressDoor(createConfiguredAuthenticator(options, verifyOptions, REQUIRED))
}

/**
 * Express/Connect middleware that lets a request with no token through (`req.user` undefined)
 * and judges any token it does get exactly like jwtRequired.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken.
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * app.get('/hello', jwtOptional(), (req: RequestWithUser, res) => res.send(req.user ? 'hi again' : 'hi'))
 */
export function jwtOptional(options?: JWTOptions, verifyOptions?: VerifyOptions): RequestHandler {
  return expressDoor(createConfiguredAuthenticator(options, verifyOptions, OPTIONAL))
}

// Three parameters: Express takes a four-parameter function for an error handler. Not async:
// Express 5 chains a handler's promise, a cost on every request even when the answer is at hand.
function expressDoor(authenticate: Authenticate): RequestHandler {
  return (req, res, next) => {
    const outcome = authenticate(new NodeRequest(req.headers, req.method, req.originalUrl, req.cookies, req.body))
    if (outcome instanceof Promise) void outcome.then((late) => settle(req, res, next, late))
    else settle(req, res, next, outcome)
  }
}

// A refusal is written here, never passed to next(err), so no error handler prints a stack.
function settle(req: Request, res: Response, next: NextFunction, outcome: AuthOutcome): void {
  if (isFailure(outcome)) return writeFailure(res, outcome)
  ;(req as RequestWithUser).user = outcome.user
  next()
}

export { authRoutes } from './express-auth-routes'
export type { AuthRoutesOptions } from './node-endpoint'
export { setAuthCookies, removeAuthCookies } from '../cookies/node-cookies'
export { createAuthCookieSettings, AuthCookieSettings, type AuthCookieOptions, type SameSite } from '../cookies/auth-cookie-settings'
export type { AuthTokens } from '../cookies/plan-auth-cookies'
