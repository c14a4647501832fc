import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

import express, { type RequestHandler } from 'express'
import Fastify, { type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify'
import Koa, { type Middleware } from 'koa'

import * as expressDoor from '../../src/adapters/express'
import * as fastifyDoor from '../../src/adapters/fastify'
import * as httpDoor from '../../src/adapters/http'
import * as koaDoor from '../../src/adapters/koa'
import { createAuthenticator } from '../../src'
import type { Mode, RequestLike } from '../../src/core/types'

// Compile-only: ts-jest type-checks this file, so the suite fails when a line below stops
// compiling, or when a misuse marked as an expected error starts compiling. Nothing is called.

export function fastifyTypesRequestUser(): void {
  const app = Fastify()
  app.get('/me', { preHandler: fastifyDoor.jwtRequired() }, async (request) => {
    const user: unknown = request.user
    // @ts-expect-error user is unknown until the app narrows it: never `any`.
    return { sub: request.user.sub, user }
  })
  app.get<{ Params: { id: string } }>('/items/:id', { preHandler: [fastifyDoor.jwtOptional()] }, async (request) => ({
    id: request.params.id,
    user: request.user,
  }))
  app.addHook('preHandler', fastifyDoor.jwtRequired({ cookie: true }))
  app.addHook('onRequest', fastifyDoor.jwtOptional())
  const hook: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void = fastifyDoor.jwtRequired()
  // @ts-expect-error the factory is not the hook: call it.
  app.addHook('preHandler', fastifyDoor.jwtRequired)
  void hook
}

export function expressDoorsAreMiddleware(): void {
  const app = express()
  const middleware: RequestHandler = expressDoor.jwtRequired({ user: async (id) => ({ id }) }, { audience: 'api' })
  app.use(expressDoor.jwtOptional({ cookie: true }))
  app.get('/me', middleware, (req: expressDoor.RequestWithUser, res) => {
    res.json({ user: req.user })
  })
  // @ts-expect-error cookie is a boolean.
  expressDoor.jwtRequired({ cookie: 'yes' })
  // @ts-expect-error audience is a string, a RegExp or a list of them.
  expressDoor.jwtOptional({}, { audience: 42 })
}

export function koaDoorsAreMiddleware(): void {
  const app = new Koa()
  const middleware: Middleware = koaDoor.jwtRequired({ blackList: (token) => token === 'revoked' })
  app.use(middleware)
  app.use(koaDoor.jwtOptional())
  app.use((ctx) => {
    ctx.body = { user: ctx.state.user }
  })
  // @ts-expect-error blackList takes a function of the token.
  koaDoor.jwtRequired({ blackList: ['revoked'] })
}

export function httpDoorWrapsAHandler(): void {
  const listener: (req: IncomingMessage, res: ServerResponse) => void = httpDoor.jwtRequired()((req, res) => {
    const user: unknown = req.user
    res.end(JSON.stringify(user))
  })
  createServer(listener)
  createServer(httpDoor.jwtOptional({ cookie: true })(async (req, res) => void res.end(String(req.user === undefined))))
  // @ts-expect-error the door wraps a handler: it is not a request listener itself.
  createServer(httpDoor.jwtRequired())
  // @ts-expect-error a handler takes (req, res).
  httpDoor.jwtRequired()((req: string) => req)
}

// createAuthenticator's result, typed per mode: in required mode a success always has its token
// and payload; in optional mode a success may have neither, and the token tells which.
export async function createAuthenticatorTypesPerMode(request: RequestLike, mode: Mode): Promise<void> {
  const required = await createAuthenticator({ secretOrPublicKey: 'a-secret' })(request)
  if ('status' in required) {
    const refusal: { status: number; headers: Record<string, string> } = required
    void refusal
    return
  }
  const sub: unknown = required.payload.sub
  const token: string = required.token

  const optional = await createAuthenticator({}, {}, 'optional')(request)
  if ('status' in optional) return
  // @ts-expect-error optional mode: a request with no token has no payload
  void optional.payload.sub
  // @ts-expect-error optional mode: nor a token
  const maybe: string = optional.token
  if (optional.token !== undefined) {
    const verified: Record<string, any> = optional.payload
    void verified
  } else {
    const none: undefined = optional.payload
    void none
  }

  // A mode known only at run time gets the wider type.
  const either = await createAuthenticator({}, {}, mode)(request)
  // @ts-expect-error it may be a refusal, or a request with no token
  void either.payload.sub
  // @ts-expect-error the mode is 'required' or 'optional'
  createAuthenticator({}, {}, 'sometimes')
  void [sub, token, maybe]
}

// Arity is behaviour: Express takes a four-parameter middleware for an error handler, and
// Fastify a three-parameter hook for a callback-style one (ours: it calls `done`, or replies).
test.each([
  ['express jwtRequired', 3, expressDoor.jwtRequired()],
  ['express jwtOptional', 3, expressDoor.jwtOptional()],
  ['koa jwtRequired', 2, koaDoor.jwtRequired()],
  ['koa jwtOptional', 2, koaDoor.jwtOptional()],
  ['fastify jwtRequired', 3, fastifyDoor.jwtRequired()],
  ['fastify jwtOptional', 3, fastifyDoor.jwtOptional()],
  ['http jwtRequired(...)(handler)', 2, httpDoor.jwtRequired()(() => undefined)],
  ['http jwtOptional(...)(handler)', 2, httpDoor.jwtOptional()(() => undefined)],
] as const)('%s takes %i parameters', (_name, parameters, door) => {
  expect(door.length).toStrictEqual(parameters)
})
