import { createServer } from 'node:http'

import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'

import * as expressDoor from '../../../src/adapters/express'
import * as fastifyDoor from '../../../src/adapters/fastify'
import * as httpDoor from '../../../src/adapters/http'
import * as koaDoor from '../../../src/adapters/koa'
import type { AuthRoutesOptions } from '../../../src/adapters/node-endpoint'
import type { Sessions } from '../../../src/tokens/sessions'
import { close, listen } from '../../support/http'

// Each door's authRoutes over real HTTP, with GET /api/me behind its jwtRequired({ sessions }).

export interface Mounted {
  url: string
  close(): Promise<void>
}

/** What GET /api/me answers: the access token's sub and caps, as the door sees them. */
const me = (user: unknown) => ({ sub: (user as { sub: string }).sub, caps: (user as { caps?: string }).caps })
export const serve = async (server: ReturnType<typeof createServer>): Promise<Mounted> => {
  const url = await listen(server)
  return { url, close: () => close(server) }
}

/** A door: its authRoutes with the given options, and GET /api/me behind jwtRequired({ sessions }). */
export interface Door {
  name: string
  start(sessions: Sessions, options: AuthRoutesOptions): Promise<Mounted>
}

/** Each door, and Express with express.json() before authRoutes. */
export const DOORS: Door[] = [
  {
    name: 'express',
    async start(sessions, options) {
      const app = express()
      app.use(expressDoor.authRoutes(sessions, options))
      app.get('/api/me', expressDoor.jwtRequired({ sessions }), (req: expressDoor.RequestWithUser, res) => void res.json(me(req.user)))
      return serve(createServer(app))
    },
  },
  {
    name: 'express with express.json() first',
    async start(sessions, options) {
      const app = express()
      app.use(express.json())
      app.use(expressDoor.authRoutes(sessions, options))
      app.get('/api/me', expressDoor.jwtRequired({ sessions }), (req: expressDoor.RequestWithUser, res) => void res.json(me(req.user)))
      return serve(createServer(app))
    },
  },
  {
    name: 'koa',
    async start(sessions, options) {
      const app = new Koa()
      app.use(koaDoor.authRoutes(sessions, options))
      const guard = koaDoor.jwtRequired({ sessions })
      app.use(async (ctx, next) => {
        if (ctx.path === '/api/me') await guard(ctx, async () => void (ctx.body = me(ctx.state.user)))
        else await next()
      })
      return serve(createServer(app.callback()))
    },
  },
  {
    name: 'fastify',
    async start(sessions, options) {
      const app = Fastify()
      await app.register(fastifyDoor.authRoutes(sessions, options))
      app.get('/api/me', { preHandler: fastifyDoor.jwtRequired({ sessions }) }, async (request) => me(request.user))
      await app.listen({ port: 0, host: '127.0.0.1' })
      return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, close: () => app.close() }
    },
  },
  {
    name: 'node:http',
    async start(sessions, options) {
      const protectedMe = httpDoor.jwtRequired({ sessions })((req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(me(req.user))))
      const app: httpDoor.Listener = (req, res) => {
        if (req.url === '/api/me') return protectedMe(req, res)
        res.statusCode = 404
        res.end()
      }
      return serve(createServer(httpDoor.authRoutes(sessions, options)(app)))
    },
  },
]

