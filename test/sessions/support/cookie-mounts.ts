import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'

import * as expressDoor from '../../../src/adapters/express'
import * as fastifyDoor from '../../../src/adapters/fastify'
import * as httpDoor from '../../../src/adapters/http'
import * as koaDoor from '../../../src/adapters/koa'
import type { Sessions } from '../../../src/tokens/sessions'
import { close, listen } from '../../support/http'
import { startSessionServer } from './session-server'

/** A server with the auth routes in cookie mode, a sign-in that sets the cookies, and GET /api/me behind the auth cookie. */
export interface CookieMount {
  /** `POST /auth/login` with Ann's credentials signs her in: the FoalTS demo checks them, the other doors' sign-in takes them as given. */
  url: string
  close(): Promise<void>
}

export interface CookieMountKind {
  name: string
  start(sessions: Sessions, dir: string): Promise<CookieMount>
}

const me = (user: unknown) => ({ sub: (user as { sub: string }).sub })
// What an app's own sign-in does on these doors: a session of user 1, its cookies set by the door's helper.
const signIn = (sessions: Sessions) => sessions.startSession('1', { claims: { email: 'ann@example.com' } })

async function serve(server: ReturnType<typeof createServer>): Promise<CookieMount> {
  const url = await listen(server)
  return { url, close: () => close(server) }
}

/** Every door's mount line in cookie mode as `settings.jwt.*` configures it (cookie on, the cookie name). */
export const COOKIE_MOUNTS: CookieMountKind[] = [
  {
    name: 'foal (the demo: LoginController at /auth)',
    async start(_sessions, dir) {
      const server = await startSessionServer(dir)
      return { url: server.url, close: () => server.close() }
    },
  },
  {
    name: 'express',
    async start(sessions) {
      const app = express()
      app.post('/auth/login', async (_req, res) => {
        const { tokens, sessionExpiresAt } = await signIn(sessions)
        expressDoor.setAuthCookies(res, { ...tokens, sessionExpiresAt })
        res.status(204).end()
      })
      app.use(expressDoor.authRoutes(sessions))
      app.get('/api/me', expressDoor.jwtRequired({ sessions, cookie: true }), (req: expressDoor.RequestWithUser, res) => void res.json(me(req.user)))
      return serve(createServer(app))
    },
  },
  {
    name: 'koa',
    async start(sessions) {
      const app = new Koa()
      app.use(koaDoor.authRoutes(sessions))
      const guard = koaDoor.jwtRequired({ sessions, cookie: true })
      app.use(async (ctx) => {
        if (ctx.path === '/auth/login') {
          const { tokens, sessionExpiresAt } = await signIn(sessions)
          koaDoor.setAuthCookies(ctx, { ...tokens, sessionExpiresAt })
          ctx.status = 204
        } else if (ctx.path === '/api/me') await guard(ctx, async () => void (ctx.body = me(ctx.state.user)))
      })
      return serve(createServer(app.callback()))
    },
  },
  {
    name: 'fastify',
    async start(sessions) {
      const app = Fastify()
      await app.register(fastifyDoor.authRoutes(sessions))
      app.post('/auth/login', async (_request, reply) => {
        const { tokens, sessionExpiresAt } = await signIn(sessions)
        fastifyDoor.setAuthCookies(reply, { ...tokens, sessionExpiresAt })
        return reply.code(204).send()
      })
      app.get('/api/me', { preHandler: fastifyDoor.jwtRequired({ sessions, cookie: true }) }, async (request) => me(request.user))
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address() as { port: number }
      return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() }
    },
  },
  {
    name: 'node:http',
    async start(sessions) {
      const protectedMe = httpDoor.jwtRequired({ sessions, cookie: true })((req, res) => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(me(req.user)))
      })
      const app = (req: IncomingMessage, res: ServerResponse): void => {
        if (req.url === '/api/me') return void protectedMe(req, res)
        if (req.url === '/auth/login') {
          void signIn(sessions).then(({ tokens, sessionExpiresAt }) => {
            httpDoor.setAuthCookies(res, { ...tokens, sessionExpiresAt })
            res.statusCode = 204
            res.end()
          })
          return
        }
        res.statusCode = 404
        res.end()
      }
      return serve(createServer(httpDoor.authRoutes(sessions)(app)))
    },
  },
]
