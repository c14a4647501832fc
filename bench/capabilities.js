'use strict'
// Section "capabilities": what `capabilities: true` costs on a door. A protected route with it ÷
// the same route without (Express, Fastify; autocannon), a repeated token whose caps cover the
// path, so each request is one lookup of the compiled caps and one check of the path.

const { join } = require('node:path')

const { sign } = require('jsonwebtoken')

const { bearerLoad: load } = require('./lib/bearer-load')
const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const MAX_MS = 10 * 60_000

async function runCapabilities({ secret, dir, log, seconds, rounds, connections }) {
  const env = { ...process.env, BENCH_SECRET: secret, NODE_ENV: 'production' }
  const now = Math.floor(Date.now() / 1000)
  const token = sign({ sub: 'bench', caps: '/pub/other/:r,/caps/app/:rw,/pub/notes.txt:r', iat: now, exp: now + 3600 }, secret)
  const rows = []
  const ratios = {}
  for (const framework of ['express', 'fastify']) {
    log(`capabilities: ${framework}, /plain/app/x and /caps/app/x; ${rounds} rounds of ${seconds} s, ${connections} connections`)
    const server = await startServer(join(__dirname, 'capabilities-server.js'), [framework], { cwd: dir, env, maxMs: MAX_MS })
    const samples = { plain: [], caps: [] }
    try {
      const url = (path) => `http://127.0.0.1:${server.port}/${path}/app/x`
      for (const path of ['plain', 'caps']) await load(url(path), token, 1, connections, server.cpu)
      // Paired rounds, the order swapped each round: a drift of the machine falls on both sides.
      for (let round = 0; round < rounds; round++) {
        for (const path of round % 2 ? ['caps', 'plain'] : ['plain', 'caps']) samples[path].push(await load(url(path), token, seconds, connections, server.cpu))
      }
    } finally {
      await server.stop()
    }
    const paired = (field) => median(samples.caps.map((sample, i) => sample[field] / samples.plain[i][field]))
    ratios[framework] = paired('rps')
    rows.push([framework, thousands(median(samples.plain.map((s) => s.rps))), thousands(median(samples.caps.map((s) => s.rps))), fixed(ratios[framework]), fixed(1 / paired('cpuUs'))])
  }
  const markdown = [
    `Capabilities on the doors (a repeated valid token whose caps cover the path; ${connections} connections): req/s without and`,
    "with `capabilities: true`, the median of each round's ratio; server CPU per request without ÷ with:",
    '',
    table(['framework', 'jwtRequired() req/s', 'jwtRequired({ capabilities: true }) req/s', 'with ÷ without', 'CPU: without ÷ with'], rows),
  ].join('\n')
  return { markdown, ratios }
}

module.exports = { runCapabilities }
