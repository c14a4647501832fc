import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

import express, { type RequestHandler } from 'express'
import Fastify, { type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify'
import Koa, { type Middleware } from 'koa'

import * as expressDoor from '../../src/adapters/express'
import * as fastifyDoor from '../../src/adapters/fastify'
import * as httpDoor from '../../src/adapters/http'
import * as koaDoor from '../../src/adapters/koa'

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

// Arity is behaviour: Express takes a four-parameter middleware for an error handler, and
// Fastify a three-parameter hook for a callback-style one (ours: it calls `done`, or replies).
test.each([
  ['express jwtRequired', expressDoor.jwtRequired(), 3],
  ['express jwtOptional', expressDoor.jwtOptional(), 3],
  ['koa jwtRequired', koaDoor.jwtRequired(), 2],
  ['koa jwtOptional', koaDoor.jwtOptional(), 2],
  ['fastify jwtRequired', fastifyDoor.jwtRequired(), 3],
  ['fastify jwtOptional', fastifyDoor.jwtOptional(), 3],
  ['http jwtRequired(...)(handler)', httpDoor.jwtRequired()(() => undefined), 2],
  ['http jwtOptional(...)(handler)', httpDoor.jwtOptional()(() => undefined), 2],
] as const)('%s takes %i parameters', (_name, door, parameters) => {
  expect(door.length).toStrictEqual(parameters)
})
