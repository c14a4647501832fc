'use strict'
// A server for the sessions bench, in a process of its own.
//   fork('bench/sessions-server.js', [kind, maxMs]) → IPC { port } once listening on 127.0.0.1,
//   then { cpu } for each { cmd: 'cpu' }.
// Kinds:
//   express, fastify: /plain behind jwtRequired() and /sessions behind jwtRequired({ sessions }),
//     the sessions holding REVOKED revoked sids (none the bench's token's); every 200 is { sub }.
//   redis (express): /memory behind jwtRequired({ sessions }) on a MemorySessionStore and /redis on
//     a RedisSessionStore (BENCH_REDIS_URL), each holding REVOKED revoked sids; every 200 is { sub }.
//   foal: the demo's LoginController (so POST /auth/refresh) on a SQLite file (BENCH_DB_DIR),
//     its sessions on the stores' own DataSource, GET /open (no auth) and GET /me
//     (JWTRequired({ sessions })) beside it; { cmd: 'issue', count, tag } answers { pairs }.
// The key is BENCH_SECRET (HS256), from the configuration as an app would have it.

const { createServer } = require('node:http')

const [kind, maxMsText] = process.argv.slice(2)
const SECRET = process.env.BENCH_SECRET
const HS256 = { algorithms: ['HS256'] }
const REVOKED = 1_000

async function revokedSessions(store) {
  const { createSessions, MemorySessionStore } = require('jwt-hooks')
  const sessions = createSessions({ store: store ?? new MemorySessionStore(), sweepInterval: false })
  await sessions.ready()
  // A realistic set to look in: sessions revoked within the last access-token lifetime.
  for (let i = 0; i < REVOKED; i++) {
    const { accessToken } = await sessions.issueSession(`revoked-${i}`)
    await sessions.revokeSession(JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url')).sid)
  }
  return sessions
}

const SERVERS = {
  async express() {
    const express = require('express')
    const { jwtRequired } = require('jwt-hooks/express')
    const sessions = await revokedSessions()
    const app = express()
    app.set('etag', false)
    const answer = (req, res) => res.json({ sub: req.user.sub })
    app.get('/plain', jwtRequired({}, HS256), answer)
    app.get('/sessions', jwtRequired({ sessions }, HS256), answer)
    return listen(createServer(app))
  },

  async fastify() {
    const app = require('fastify')({ logger: false })
    const { jwtRequired } = require('jwt-hooks/fastify')
    const sessions = await revokedSessions()
    const answer = async (request) => ({ sub: request.user.sub })
    app.get('/plain', { preHandler: jwtRequired({}, HS256) }, answer)
    app.get('/sessions', { preHandler: jwtRequired({ sessions }, HS256) }, answer)
    await app.listen({ port: 0, host: '127.0.0.1' })
    return app.server.address().port
  },

  async redis() {
    const express = require('express')
    const { jwtRequired } = require('jwt-hooks/express')
    // The Redis stores have no public entry yet: from the build, as the demo loads them.
    const { createRedisStores } = require('../dist/stores/redis')
    const redis = createRedisStores({ url: process.env.BENCH_REDIS_URL, keyPrefix: `bench-door-${process.pid}:` })
    await redis.ready()
    const [memory, shared] = [await revokedSessions(), await revokedSessions(redis.sessions)]
    const app = express()
    app.set('etag', false)
    const answer = (req, res) => res.json({ sub: req.user.sub })
    app.get('/memory', jwtRequired({ sessions: memory }, HS256), answer)
    app.get('/redis', jwtRequired({ sessions: shared }, HS256), answer)
    return listen(createServer(app))
  },

  async foal() {
    require('reflect-metadata')
    const { Config, controller, createApp, Get, HttpResponseOK, ServiceManager } = require('@foal/core')
    const { JWTRequired, LoginController, Sessions, createSessions, createStoreDataSource, TypeormSessionStore, parseJsonBody } = require('jwt-hooks')
    Config.set('settings.loggerFormat', 'none')
    const stores = createStoreDataSource({ cwd: process.env.BENCH_DB_DIR })
    await stores.initialize()
    const sessions = createSessions({ store: new TypeormSessionStore(stores) })
    await sessions.ready()
    class OpenController {
      open() {
        return new HttpResponseOK({ open: true })
      }
    }
    Get('/open')(OpenController.prototype, 'open')
    class MeController {
      me(ctx) {
        return new HttpResponseOK({ sub: ctx.user.sub })
      }
    }
    Get('/me')(MeController.prototype, 'me')
    JWTRequired({ sessions }, HS256)(MeController.prototype, 'me')
    class AppController {
      subControllers = [controller('/auth', LoginController), OpenController, MeController]
    }
    const services = new ServiceManager().set(Sessions, sessions)
    // The bench asks for sessions over IPC (the login's password hashing would be the figure otherwise).
    process.on('message', (message) => {
      if (message?.cmd !== 'issue') return
      Promise.all(Array.from({ length: message.count }, (_, i) => sessions.issueSession(`bench-${message.tag}-${i}`))).then((pairs) => process.send({ pairs }))
    })
    return listen(createServer(await createApp(AppController, { serviceManager: services, preMiddlewares: [parseJsonBody] })))
  },
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

process.on('disconnect', () => process.exit(0))
setTimeout(() => process.exit(0), Number(maxMsText))
process.on('message', (message) => {
  if (message?.cmd !== 'cpu') return
  const { user, system } = process.cpuUsage()
  process.send({ cpu: user + system })
})

Promise.resolve(SERVERS[kind]())
  .then((port) => process.send({ port }))
  .catch((error) => {
    process.stderr.write(`${kind}: ${error.stack}\n`)
    process.exit(1)
  })
