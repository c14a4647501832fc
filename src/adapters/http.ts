import type { IncomingMessage, ServerResponse } from 'node:http'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, OPTIONAL, REQUIRED, type Authenticate, type AuthOutcome, type JWTOptions, type VerifyOptions } from '../core/types'
import { NodeRequest } from './node-request'
import { writeFailure } from './write-failure'

/** A request the door let through: `user` is what the token named (undefined: optional, no token). */
export type RequestWithUser = IncomingMessage & { user?: unknown }

/** The handler a door wraps; it runs only for requests the door let through. */
export type Handler = (req: RequestWithUser, res: ServerResponse) => void

/** Wraps a handler into a `node:http` request listener that authenticates first. */
export type Door = (handler: Handler) => (req: IncomingMessage, res: ServerResponse) => void

/**
 * `node:http` door that refuses any request without a valid JWT. `jwtRequired(options)(handler)`
 * is a request listener: it writes a refusal itself, else sets `req.user` and calls `handler`.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken (audience, issuer, algorithms…).
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * http.createServer(jwtRequired()((req, res) => res.end(JSON.stringify(req.user)))).listen(3000)
 */
export function jwtRequired(options?: JWTOptions, verifyOptions?: VerifyOptions): Door {
  return httpDoor(createConfiguredAuthenticator(options, verifyOptions, REQUIRED))
}

/**
 * `node:http` door that lets a request with no token through (`req.user` undefined) and judges
 * any token it does get exactly like jwtRequired.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken.
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * http.createServer(jwtOptional()((req, res) => res.end(req.user ? 'hi again' : 'hi'))).listen(3000)
 */
export function jwtOptional(options?: JWTOptions, verifyOptions?: VerifyOptions): Door {
  return httpDoor(createConfiguredAuthenticator(options, verifyOptions, OPTIONAL))
}

function httpDoor(authenticate: Authenticate): Door {
  return (handler) => (req, res) => {
    const outcome = authenticate(new NodeRequest(req.headers, req.method, req.url))
    if (outcome instanceof Promise) void outcome.then((late) => settle(handler, req, res, late))
    else settle(handler, req, res, outcome)
  }
}

function settle(handler: Handler, req: IncomingMessage, res: ServerResponse, outcome: AuthOutcome): void {
  if (isFailure(outcome)) return writeFailure(res, outcome)
  ;(req as RequestWithUser).user = outcome.user
  handler(req, res)
}

export { authRoutes, type Listener } from './http-auth-routes'
export type { AuthRoutesOptions } from './node-endpoint'
export { setAuthCookies, removeAuthCookies } from '../cookies/node-cookies'
export { createAuthCookieSettings, AuthCookieSettings, type AuthCookieOptions, type SameSite } from '../cookies/auth-cookie-settings'
export type { AuthTokens } from '../cookies/plan-auth-cookies'
