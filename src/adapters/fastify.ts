import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, OPTIONAL, REQUIRED, type Authenticate, type AuthOutcome, type JWTOptions, type VerifyOptions } from '../core/types'
import { NodeRequest } from './node-request'
import { JSON_TYPE } from './write-failure'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by jwt-hooks' jwtRequired / jwtOptional: what the token named (undefined: no token). */
    user?: unknown
  }
}

/** A Fastify `preHandler` (or `onRequest`) hook; answers the refusal itself. */
export type Hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void

/**
 * Fastify `preHandler` hook that refuses any request without a valid JWT and sets `request.user`.
 * Reads @fastify/cookie's `request.cookies` when registered, else the `Cookie` header.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken (audience, issuer, algorithms…).
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * app.get('/me', { preHandler: jwtRequired() }, async (request) => ({ user: request.user }))
 */
export function jwtRequired(options?: JWTOptions, verifyOptions?: VerifyOptions): Hook {
  return fastifyDoor(createConfiguredAuthenticator(options, verifyOptions, REQUIRED))
}

/**
 * Fastify `preHandler` hook that lets a request with no token through (`request.user`
 * undefined) and judges any token it does get exactly like jwtRequired.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken.
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 * @example
 * app.addHook('preHandler', jwtOptional())
 */
export function jwtOptional(options?: JWTOptions, verifyOptions?: VerifyOptions): Hook {
  return fastifyDoor(createConfiguredAuthenticator(options, verifyOptions, OPTIONAL))
}

// A callback hook, not an async one: Fastify then goes on at once when the answer is at hand,
// where a promise would cost it a turn of the microtask queue on every request.
function fastifyDoor(authenticate: Authenticate): Hook {
  return (request, reply, done) => {
    const cookies = (request as { cookies?: Record<string, unknown> }).cookies
    const outcome = authenticate(new NodeRequest(request.headers, request.method, request.url, cookies, request.body))
    if (outcome instanceof Promise) outcome.then((late) => settle(request, reply, done, late)).catch(done)
    else settle(request, reply, done, outcome)
  }
}

// Fastify: a hook that sends the reply does not call done, so the route does not run.
function settle(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, outcome: AuthOutcome): void {
  if (!isFailure(outcome)) {
    request.user = outcome.user
    return done()
  }
  reply.code(outcome.status).headers(outcome.headers)
  // The body is JSON already: Fastify sends a string under a JSON type as it is.
  if (outcome.json === '') reply.send()
  else reply.type(JSON_TYPE).send(outcome.json)
}

export { authRoutes, type AuthRoutesPlugin } from './fastify-auth-routes'
export type { AuthRoutesOptions } from './node-endpoint'
export { setAuthCookies, removeAuthCookies } from '../cookies/fastify-cookies'
export { createAuthCookieSettings, AuthCookieSettings, type AuthCookieOptions, type SameSite } from '../cookies/auth-cookie-settings'
export type { AuthTokens } from '../cookies/plan-auth-cookies'
