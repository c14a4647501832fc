import { createServer } from 'node:http'

import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'

import * as expressDoor from '../../../src/adapters/express'
import * as fastifyDoor from '../../../src/adapters/fastify'
import * as koaDoor from '../../../src/adapters/koa'
import { serve, type Door } from './auth-route-doors'

// Doors behind a body parser of the app that reads (or would read) an octet-stream body.

/** Express with express.raw() first: the door takes the Buffer it left. */
const EXPRESS_RAW: Door = {
  name: 'express with express.raw() first',
  async start(sessions, options) {
    const app = express()
    app.use(express.raw())
    app.use(expressDoor.authRoutes(sessions, options))
    app.get('/api/me', expressDoor.jwtRequired({ sessions }), (req: expressDoor.RequestWithUser, res) => void res.json(req.user))
    return serve(createServer(app))
  },
}

/** Koa with a parser of the app first that reads every body into a Buffer (`ctx.request.body`). */
const KOA_RAW: Door = {
  name: 'koa with a raw body parser first',
  async start(sessions, options) {
    const app = new Koa()
    app.use(async (ctx, next) => {
      const chunks: Buffer[] = []
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
      ;(ctx.request as { body?: unknown }).body = Buffer.concat(chunks)
      await next()
    })
    app.use(koaDoor.authRoutes(sessions, options))
    const guard = koaDoor.jwtRequired({ sessions })
    app.use(async (ctx, next) => (ctx.path === '/api/me' ? guard(ctx, async () => void (ctx.body = ctx.state.user)) : next()))
    return serve(createServer(app.callback()))
  },
}
/** Fastify with an octet-stream parser of the app's own: the plugin's routes keep the plugin's. */
const FASTIFY_RAW: Door = {
  name: "fastify with the app's own octet-stream parser",
  async start(sessions, options) {
    const app = Fastify()
    app.addContentTypeParser('application/octet-stream', { parseAs: 'string' }, (_request, body, done) => done(null, { text: body }))
    await app.register(fastifyDoor.authRoutes(sessions, options))
    app.get('/api/me', { preHandler: fastifyDoor.jwtRequired({ sessions }) }, async (request) => request.user)
    await app.listen({ port: 0, host: '127.0.0.1' })
    return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, close: () => app.close() }
  },
}
/** Each of them. */
export const RAW_DOORS: Door[] = [EXPRESS_RAW, KOA_RAW, FASTIFY_RAW]
