'use strict'
// A server for the capabilities bench, in a process of its own.
//   fork('bench/capabilities-server.js', [kind, maxMs]) → IPC { port } once listening on 127.0.0.1,
//   then { cpu } for each { cmd: 'cpu' }.
// Kinds: express, fastify: GET /plain/app/x behind jwtRequired() and GET /caps/app/x behind
//   jwtRequired({ capabilities: true }); every 200 is { sub }. The key is BENCH_SECRET (HS256).

const { createServer } = require('node:http')

const [kind, maxMsText] = process.argv.slice(2)
const key = { secretOrPublicKey: process.env.BENCH_SECRET }
const HS256 = { algorithms: ['HS256'] }

const SERVERS = {
  async express() {
    const express = require('express')
    const { jwtRequired } = require('jwt-hooks/express')
    const app = express()
    app.set('etag', false)
    const answer = (req, res) => res.json({ sub: req.user.sub })
    app.get('/plain/app/x', jwtRequired(key, HS256), answer)
    app.get('/caps/app/x', jwtRequired({ ...key, capabilities: true }, HS256), answer)
    return new Promise((resolve) => {
      const server = createServer(app).listen(0, '127.0.0.1', () => resolve(server.address().port))
    })
  },

  async fastify() {
    const app = require('fastify')({ logger: false })
    const { jwtRequired } = require('jwt-hooks/fastify')
    const answer = async (request) => ({ sub: request.user.sub })
    app.get('/plain/app/x', { preHandler: jwtRequired(key, HS256) }, answer)
    app.get('/caps/app/x', { preHandler: jwtRequired({ ...key, capabilities: true }, HS256) }, answer)
    await app.listen({ port: 0, host: '127.0.0.1' })
    return app.server.address().port
  },
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
