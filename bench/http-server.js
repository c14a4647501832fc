'use strict'
// A server for the HTTP bench, in a process of its own (the load generator runs elsewhere).
//   fork('bench/http-server.js', [framework, maxMs]) → IPC { port } once listening on 127.0.0.1
// Routes: /open (no auth), /hooks (jwt-hooks' door), /peer (the framework's usual JWT plugin),
// /noop (an async hook that reads the Authorization header and sets a fixed user, checking
// nothing: the floor for any auth hook on this framework);
// Fastify also /peer-cache (@fastify/jwt with fast-jwt's cache on). Every 200 is { sub }.
// 'foal-revocation' serves /hooks/<list> and /foal/<list> for the blacklist files in
// BENCH_BLACKLISTS (JSON [{ name, file }]). The key is BENCH_SECRET (HS256).

const { createServer } = require('node:http')

const [framework, maxMsText] = process.argv.slice(2)
const SECRET = process.env.BENCH_SECRET
const HS256 = { algorithms: ['HS256'] }
const OPEN = { sub: 'open' }

const SERVERS = {
  express() {
    const express = require('express')
    const { expressjwt } = require('express-jwt')
    const { jwtRequired } = require('jwt-hooks/express')
    const app = express()
    app.set('etag', false)
    app.get('/open', (req, res) => res.json(OPEN))
    const noop = (req, res, next) => {
      const user = fixedUser(req.headers.authorization)
      void Promise.resolve().then(() => {
        req.user = user
        next()
      })
    }
    app.get('/noop', noop, (req, res) => res.json({ sub: req.user.sub }))
    app.get('/hooks', jwtRequired({ secretOrPublicKey: SECRET }, HS256), (req, res) => res.json({ sub: req.user.sub }))
    app.get('/peer', expressjwt({ secret: SECRET, ...HS256 }), (req, res) => res.json({ sub: req.auth.sub }))
    // express-jwt passes its refusal to next(err): the usual error handler answers it.
    app.use((err, req, res, _next) => res.status(err.status ?? 500).json({ code: err.code, message: err.message }))
    return listen(createServer(app))
  },

  async fastify() {
    const fastifyJwt = require('@fastify/jwt')
    const { jwtRequired } = require('jwt-hooks/fastify')
    const app = require('fastify')({ logger: false })
    app.get('/open', async () => OPEN)
    const noop = async (request) => {
      request.user = fixedUser(request.headers.authorization)
    }
    app.get('/noop', { preHandler: noop }, async (request) => ({ sub: request.user.sub }))
    app.get('/hooks', { preHandler: jwtRequired({ secretOrPublicKey: SECRET }, HS256) }, async (request) => ({ sub: request.user.sub }))
    // @fastify/jwt decorates the request: one registration per encapsulated context.
    const peer = (path, verify) => async (scope) => {
      await scope.register(fastifyJwt, { secret: SECRET, verify })
      scope.get(path, { preHandler: (request) => request.jwtVerify() }, async (request) => ({ sub: request.user.sub }))
    }
    app.register(peer('/peer', HS256))
    app.register(peer('/peer-cache', { ...HS256, cache: true }))
    await app.listen({ port: 0, host: '127.0.0.1' })
    return app.server.address().port
  },

  koa() {
    const Koa = require('koa')
    const koaJwt = require('koa-jwt')
    const { jwtRequired } = require('jwt-hooks/koa')
    const hooks = jwtRequired({ secretOrPublicKey: SECRET }, HS256)
    const peer = koaJwt({ secret: SECRET, ...HS256 })
    const noop = async (ctx, next) => {
      ctx.state.user = fixedUser(ctx.get('authorization'))
      await next()
    }
    const app = new Koa()
    const reply = (ctx) => async () => {
      ctx.body = { sub: ctx.state.user.sub }
    }
    app.use(async (ctx) => {
      if (ctx.path === '/open') ctx.body = OPEN
      else if (ctx.path === '/noop') await noop(ctx, reply(ctx))
      else if (ctx.path === '/hooks') await hooks(ctx, reply(ctx))
      else if (ctx.path === '/peer') await peer(ctx, reply(ctx))
      else ctx.status = 404
    })
    return listen(createServer(app.callback()))
  },

  foal() {
    const { JWTRequired } = require('jwt-hooks')
    const foalJwt = require('@foal/jwt')
    const { Hook } = require('@foal/core')
    return foalApp([
      { path: '/open', handle: () => OPEN },
      {
        path: '/noop',
        hook: Hook(async (ctx) => {
          ctx.user = fixedUser(ctx.request.get('authorization'))
        }),
        handle: (ctx) => ({ sub: ctx.user.sub }),
      },
      { path: '/hooks', hook: JWTRequired({}, HS256), handle: (ctx) => ({ sub: ctx.user.sub }) },
      { path: '/peer', hook: foalJwt.JWTRequired({}, HS256), handle: (ctx) => ({ sub: ctx.user.sub }) },
    ])
  },

  'foal-revocation'() {
    const { JWTRequired, isInFile } = require('jwt-hooks')
    const foalJwt = require('@foal/jwt')
    const { isInFile: foalIsInFile } = require('@foal/core')
    const routes = [{ path: '/open', handle: () => OPEN }]
    for (const { name, file } of JSON.parse(process.env.BENCH_BLACKLISTS)) {
      const handle = (ctx) => ({ sub: ctx.user.sub })
      routes.push({ path: `/hooks/${name}`, hook: JWTRequired({ blackList: isInFile(file) }, HS256), handle })
      routes.push({ path: `/foal/${name}`, hook: foalJwt.JWTRequired({ blackList: foalIsInFile(file) }, HS256), handle })
    }
    return foalApp(routes)
  },
}

// What the floor's hook "finds": the same user whatever the header says.
const FIXED_USER = { sub: 'noop' }
function fixedUser(authorization) {
  return authorization === undefined ? undefined : FIXED_USER
}

/** A FoalTS app with one controller per route, decorated as the conformance door does. */
async function foalApp(routes) {
  const { createApp, Get, HttpResponseOK } = require('@foal/core')
  const controllers = routes.map(({ path, hook, handle }) => {
    class RouteController {
      handle(ctx) {
        return new HttpResponseOK(handle(ctx))
      }
    }
    Get(path)(RouteController.prototype, 'handle')
    if (hook !== undefined) hook(RouteController.prototype, 'handle')
    return RouteController
  })
  class AppController {
    subControllers = controllers
  }
  return listen(createServer(await createApp(AppController)))
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

// Bounded: the server ends with its parent, or after maxMs at the latest.
process.on('disconnect', () => process.exit(0))
setTimeout(() => process.exit(0), Number(maxMsText))

Promise.resolve(SERVERS[framework]())
  .then((port) => process.send({ port }))
  .catch((error) => {
    process.stderr.write(`${framework}: ${error.stack}\n`)
    process.exit(1)
  })
