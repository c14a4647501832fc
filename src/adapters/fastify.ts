import type { FastifyReply, FastifyRequest } from 'fastify'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, OPTIONAL, REQUIRED, type Authenticate, type JWTOptions, type VerifyOptions } from '../core/types'
import { NodeRequest } from './node-request'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by jwt-hooks' jwtRequired / jwtOptional: what the token named (undefined: no token). */
    user?: unknown
  }
}

/** A Fastify `preHandler` (or `onRequest`) hook; answers the refusal itself. */
export type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>

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

// Two parameters and a promise: Fastify treats a third parameter as a `done` callback.
function fastifyDoor(authenticate: Authenticate): Hook {
  return async (request, reply) => {
    const cookies = (request as { cookies?: Record<string, unknown> }).cookies
    const result = await authenticate(new NodeRequest(request.headers, cookies))
    // Fastify: an async hook that has sent the reply returns it, so the route does not run.
    if (isFailure(result)) return reply.code(result.status).headers(result.headers).send(result.body)
    request.user = result.user
  }
}
