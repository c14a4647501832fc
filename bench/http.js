'use strict'
// Section 2: requests per second and p99 over HTTP on 127.0.0.1, protected ÷ unprotected route
// of the same server: jwt-hooks' door and the framework's usual JWT plugin side by side.
// The server runs in a child process; autocannon runs here, in the bench process.

const { join } = require('node:path')

const autocannon = require('autocannon')

const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const FRAMEWORKS = [
  { name: 'express', peers: [{ route: 'peer', label: 'express-jwt' }] },
  {
    name: 'fastify',
    peers: [
      { route: 'peer', label: '@fastify/jwt' },
      { route: 'peer-cache', label: '@fastify/jwt (cache)' },
    ],
  },
  { name: 'koa', peers: [{ route: 'peer', label: 'koa-jwt' }] },
  { name: 'foal', peers: [{ route: 'peer', label: '@foal/jwt' }] },
]

/** One autocannon run; throws when an answer is not the expected status (the bench would lie). */
async function load(url, { authorization, expect, seconds, connections }) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    headers: authorization === undefined ? {} : { authorization },
  })
  const codes = Object.keys(result.statusCodeStats ?? {})
  if (result.errors > 0 || result.timeouts > 0 || codes.some((code) => Number(code) !== expect)) {
    throw new Error(`${url}: expected only ${expect}, got ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`)
  }
  return { rps: result.requests.average, p99: result.latency.p99 }
}

/**
 * Per framework: warm every route, then `rounds` passes of open → each door valid → each door
 * invalid → open (lib order reversed on odd rounds, so drift does not favour one side).
 */
async function runHttp({ secret, validToken, invalidToken, seconds, connections, rounds, foalCwd, log }) {
  const results = []
  const env = { ...process.env, BENCH_SECRET: secret, NODE_ENV: 'production' }
  for (const framework of FRAMEWORKS) {
    log(`http: ${framework.name} (${rounds} rounds, ${seconds} s per run, ${connections} connections)`)
    const server = await startServer(join(__dirname, 'http-server.js'), [framework.name], {
      cwd: framework.name === 'foal' ? foalCwd : undefined,
      env,
      maxMs: 10 * 60_000,
    })
    try {
      const base = `http://127.0.0.1:${server.port}`
      const doors = [{ route: 'hooks', label: 'jwt-hooks' }, ...framework.peers]
      const runs = [
        { key: 'open', path: '/open', expect: 200 },
        { key: 'noop', path: '/noop', expect: 200 },
      ]
      for (const door of doors) {
        runs.push({ key: `${door.route} valid`, path: `/${door.route}`, authorization: `Bearer ${validToken}`, expect: 200 })
        runs.push({ key: `${door.route} invalid`, path: `/${door.route}`, authorization: `Bearer ${invalidToken}`, expect: 401 })
      }
      for (const run of runs) await load(base + run.path, { ...run, seconds: 1, connections })
      const samples = new Map()
      for (let round = 0; round < rounds; round++) {
        const middle = runs.slice(1)
        const order = [runs[0], ...(round % 2 ? middle.reverse() : middle), runs[0]]
        for (const run of order) {
          const measured = await load(base + run.path, { ...run, seconds, connections })
          samples.set(run.key, [...(samples.get(run.key) ?? []), measured])
        }
      }
      const rps = (key) => median(samples.get(key).map((s) => s.rps))
      const p99 = (key) => median(samples.get(key).map((s) => s.p99))
      const open = samples.get('open').reduce((sum, s) => sum + s.rps, 0) / samples.get('open').length
      results.push({ framework: framework.name, door: 'floor: no-op async hook', path: 'floor', rps: rps('noop'), p99: p99('noop'), open, openP99: p99('open'), ratio: rps('noop') / open })
      for (const door of doors) {
        for (const path of ['valid', 'invalid']) {
          const key = `${door.route} ${path}`
          results.push({ framework: framework.name, door: door.label, path, rps: rps(key), p99: p99(key), open, openP99: p99('open'), ratio: rps(key) / open })
        }
      }
    } finally {
      await server.stop()
    }
  }
  return { results, markdown: report(results) }
}

function report(results) {
  const rows = results.map((r) => [
    r.framework,
    r.door,
    { valid: 'valid token (200)', invalid: 'bad signature (401)', floor: 'reads header, sets user (200)' }[r.path],
    thousands(r.rps),
    `${r.p99} ms`,
    `${thousands(r.open)} / ${r.openP99} ms`,
    fixed(r.ratio),
  ])
  return [
    'HTTP on 127.0.0.1: requests per second (median of rounds), p99 latency, and protected ÷ open route of the same server:',
    '',
    table(['framework', 'door', 'request', 'req/s', 'p99', 'open route req/s / p99', 'protected ÷ open'], rows),
  ].join('\n')
}

module.exports = { runHttp }
