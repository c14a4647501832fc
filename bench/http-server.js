'use strict'
// A server for the HTTP bench, in a process of its own (the load generator runs elsewhere), with
// one door only, so no library's JIT state or object shapes leak into another's figures.
//   fork('bench/http-server.js', [framework, door, maxMs]) → IPC { port } once listening on
//   127.0.0.1, then { cpu } (µs used so far) for each { cmd: 'cpu' }.
// Routes: /open (no auth) and /protected behind the door; every 200 is { sub }.
// Doors: hooks (jwt-hooks), peer (the framework's usual JWT plugin), peer-cache (Fastify:
// @fastify/jwt with fast-jwt's cache on), noop (an async hook that reads the Authorization header
// and sets a fixed user, checking nothing: the floor for any auth hook on this framework).
// Framework 'foal-revocation' serves /hooks (jwt-hooks + its isInFile) and /foal (@foal/jwt +
// @foal/core's isInFile) over the blacklist file BENCH_BLACKLIST. The key is BENCH_SECRET (HS256).

const { createServer } = require('node:http')

const [framework, door, maxMsText] = process.argv.slice(2)
const SECRET = process.env.BENCH_SECRET
const HS256 = { algorithms: ['HS256'] }
const OPEN = { sub: 'open' }
// What the floor's hook "finds": the same user whatever the header says.
const FIXED_USER = { sub: 'noop' }
const fixedUser = (authorization) => (authorization === undefined ? undefined : FIXED_USER)

const SERVERS = {
  express() {
    const express = require('express')
    const app = express()
    app.set('etag', false)
    app.get('/open', (req, res) => res.json(OPEN))
    const doors = {
      hooks: () => require('jwt-hooks/express').jwtRequired({ secretOrPublicKey: SECRET }, HS256),
      peer: () => require('express-jwt').expressjwt({ secret: SECRET, ...HS256 }),
      noop: () => (req, res, next) => {
        const user = fixedUser(req.headers.authorization)
        void Promise.resolve().then(() => {
          req.user = user
          next()
        })
      },
    }
    // express-jwt sets req.auth, the others req.user.
    app.get('/protected', doors[door](), (req, res) => res.json({ sub: (req.auth ?? req.user).sub }))
    // express-jwt passes its refusal to next(err): the usual error handler answers it.
    app.use((err, req, res, _next) => res.status(err.status ?? 500).json({ code: err.code, message: err.message }))
    return listen(createServer(app))
  },

  async fastify() {
    const app = require('fastify')({ logger: false })
    app.get('/open', async () => OPEN)
    let preHandler
    if (door === 'hooks') preHandler = require('jwt-hooks/fastify').jwtRequired({ secretOrPublicKey: SECRET }, HS256)
    if (door === 'noop') {
      preHandler = async (request) => {
        request.user = fixedUser(request.headers.authorization)
      }
    }
    if (door === 'peer' || door === 'peer-cache') {
      await app.register(require('@fastify/jwt'), { secret: SECRET, verify: door === 'peer' ? HS256 : { ...HS256, cache: true } })
      preHandler = (request) => request.jwtVerify()
    }
    app.get('/protected', { preHandler }, async (request) => ({ sub: request.user.sub }))
    await app.listen({ port: 0, host: '127.0.0.1' })
    return app.server.address().port
  },

  koa() {
    const Koa = require('koa')
    const doors = {
      hooks: () => require('jwt-hooks/koa').jwtRequired({ secretOrPublicKey: SECRET }, HS256),
      peer: () => require('koa-jwt')({ secret: SECRET, ...HS256 }),
      noop: () => async (ctx, next) => {
        ctx.state.user = fixedUser(ctx.get('authorization'))
        await next()
      },
    }
    const protect = doors[door]()
    const app = new Koa()
    app.use(async (ctx) => {
      if (ctx.path === '/open') ctx.body = OPEN
      else if (ctx.path === '/protected') {
        await protect(ctx, async () => {
          ctx.body = { sub: ctx.state.user.sub }
        })
      } else ctx.status = 404
    })
    return listen(createServer(app.callback()))
  },

  foal() {
    const doors = {
      hooks: () => require('jwt-hooks').JWTRequired({}, HS256),
      peer: () => require('@foal/jwt').JWTRequired({}, HS256),
      noop: () =>
        require('@foal/core').Hook(async (ctx) => {
          ctx.user = fixedUser(ctx.request.get('authorization'))
        }),
    }
    return foalApp([
      { path: '/open', handle: () => OPEN },
      { path: '/protected', hook: doors[door](), handle: (ctx) => ({ sub: ctx.user.sub }) },
    ])
  },

  'foal-revocation'() {
    const { JWTRequired, isInFile } = require('jwt-hooks')
    const foalJwt = require('@foal/jwt')
    const { isInFile: foalIsInFile } = require('@foal/core')
    const file = process.env.BENCH_BLACKLIST
    const handle = (ctx) => ({ sub: ctx.user.sub })
    return foalApp([
      { path: '/hooks', hook: JWTRequired({ blackList: isInFile(file) }, HS256), handle },
      { path: '/foal', hook: foalJwt.JWTRequired({ blackList: foalIsInFile(file) }, HS256), handle },
    ])
  },
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
// The CPU this process has used, so the bench can divide it by the requests served.
process.on('message', (message) => {
  if (message?.cmd !== 'cpu') return
  const { user, system } = process.cpuUsage()
  process.send({ cpu: user + system })
})

Promise.resolve(SERVERS[framework]())
  .then((port) => process.send({ port }))
  .catch((error) => {
    process.stderr.write(`${framework} ${door}: ${error.stack}\n`)
    process.exit(1)
  })
