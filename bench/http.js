'use strict'
// Section 2: requests per second and p99 over HTTP on 127.0.0.1, protected ÷ unprotected route
// of the same server: jwt-hooks' door and the framework's usual JWT plugin, each in a server
// process of its own; autocannon runs here, in the bench process.

const { join } = require('node:path')

const autocannon = require('autocannon')

const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const FLOOR = { door: 'noop', label: 'floor: no-op async hook' }
const HOOKS = { door: 'hooks', label: 'jwt-hooks' }
const FRAMEWORKS = [
  { name: 'express', doors: [FLOOR, HOOKS, { door: 'peer', label: 'express-jwt' }] },
  { name: 'fastify', doors: [FLOOR, HOOKS, { door: 'peer', label: '@fastify/jwt' }, { door: 'peer-cache', label: '@fastify/jwt (cache)' }] },
  { name: 'koa', doors: [FLOOR, HOOKS, { door: 'peer', label: 'koa-jwt' }] },
  { name: 'foal', doors: [FLOOR, HOOKS, { door: 'peer', label: '@foal/jwt' }] },
]

/**
 * One autocannon run, with the server's CPU time per request over it; throws when an answer is
 * not the expected status (the bench would lie).
 */
async function load(url, { authorization, expect, seconds, connections, cpu }) {
  const cpuBefore = await cpu()
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
  const cpuUsed = (await cpu()) - cpuBefore
  return { rps: result.requests.average, p99: result.latency.p99, cpuUs: cpuUsed / result.requests.total }
}

/**
 * The runs on one door's server: its open route, then the protected one with each token. Every
 * run sends the same Authorization header (a valid token's length), so protected ÷ open prices the
 * door alone, not the parsing of a bigger request; the floor's server also serves the open route
 * without the header ('bare'), which shows what that header costs on its own.
 */
function runsOf({ door, server }, validToken, invalidToken) {
  const url = (path) => `http://127.0.0.1:${server.port}${path}`
  const common = { cpu: server.cpu }
  const open = { ...common, key: 'open', url: url('/open'), authorization: `Bearer ${validToken}`, expect: 200 }
  const valid = { ...common, key: 'valid', url: url('/protected'), authorization: `Bearer ${validToken}`, expect: 200 }
  const invalid = { ...common, key: 'invalid', url: url('/protected'), authorization: `Bearer ${invalidToken}`, expect: 401 }
  const bare = { ...common, key: 'bare', url: url('/open'), expect: 200 }
  return { open, guarded: door === FLOOR.door ? [valid, bare] : [valid, invalid] }
}

/**
 * Per framework, one server per door (the floor, jwt-hooks, each peer), all started together;
 * every route warmed; then `rounds` passes over the doors (order reversed on odd rounds), each
 * door's server taking open → valid token → bad token → open. A door's ratios are paired with the
 * open runs of its own server in the same round; the table shows the median of rounds.
 */
async function runHttp({ secret, validToken, invalidToken, seconds, connections, rounds, foalCwd, log, frameworks }) {
  const results = []
  const env = { ...process.env, BENCH_SECRET: secret, NODE_ENV: 'production' }
  for (const framework of FRAMEWORKS.filter(({ name }) => frameworks.includes(name))) {
    log(`http: ${framework.name}, a server per door; ${rounds} rounds, ${seconds} s per run, ${connections} connections`)
    const servers = []
    try {
      for (const door of framework.doors) {
        const server = await startServer(join(__dirname, 'http-server.js'), [framework.name, door.door], {
          cwd: framework.name === 'foal' ? foalCwd : undefined,
          env,
          maxMs: 10 * 60_000,
        })
        servers.push({ ...door, server })
      }
      for (const entry of servers) {
        const { open, guarded } = runsOf(entry, validToken, invalidToken)
        for (const run of [open, ...guarded]) await load(run.url, { ...run, seconds: 1, connections })
      }
      const samples = new Map()
      const add = (key, value) => samples.set(key, [...(samples.get(key) ?? []), value])
      for (let round = 0; round < rounds; round++) {
        for (const entry of round % 2 ? [...servers].reverse() : servers) {
          const { open, guarded } = runsOf(entry, validToken, invalidToken)
          const before = await load(open.url, { ...open, seconds, connections })
          const measured = []
          for (const run of guarded) measured.push([run, await load(run.url, { ...run, seconds, connections })])
          const after = await load(open.url, { ...open, seconds, connections })
          const openRps = (before.rps + after.rps) / 2
          const openCpu = (before.cpuUs + after.cpuUs) / 2
          add(`${entry.door} open`, { rps: openRps, p99: Math.max(before.p99, after.p99), cpuUs: openCpu })
          for (const [run, result] of measured) {
            add(`${entry.door} ${run.key}`, { ...result, ratio: result.rps / openRps, cpuRatio: openCpu / result.cpuUs })
          }
        }
      }
      const of = (key, field) => median(samples.get(key).map((sample) => sample[field]))
      for (const { door, label } of servers) {
        for (const path of door === FLOOR.door ? ['floor', 'bare'] : ['valid', 'invalid']) {
          const key = `${door} ${path === 'floor' ? 'valid' : path}`
          results.push({
            framework: framework.name,
            door: label,
            path,
            rps: of(key, 'rps'),
            p99: of(key, 'p99'),
            ratio: of(key, 'ratio'),
            cpuUs: of(key, 'cpuUs'),
            cpuRatio: of(key, 'cpuRatio'),
            open: of(`${door} open`, 'rps'),
            openP99: of(`${door} open`, 'p99'),
            openCpuUs: of(`${door} open`, 'cpuUs'),
          })
        }
      }
    } finally {
      for (const { server } of servers) await server.stop()
    }
  }
  return { results, markdown: report(results) }
}

function report(results) {
  const rows = results.map((r) => [
    r.framework,
    r.door,
    {
      valid: 'valid token (200)',
      invalid: 'bad signature (401)',
      floor: 'reads header, sets user (200)',
      bare: 'open route, no Authorization header (200)',
    }[r.path],
    thousands(r.rps),
    `${r.p99} ms`,
    `${thousands(r.open)} / ${r.openP99} ms`,
    fixed(r.ratio),
    `${fixed(r.cpuUs, 1)} / ${fixed(r.openCpuUs, 1)} µs`,
    fixed(r.cpuRatio),
  ])
  return [
    'HTTP on 127.0.0.1, a server process per door, autocannon in the bench process: requests per second and p99 latency',
    '(median of rounds); protected ÷ open route of the same server (each round paired with its own open runs; every run',
    "sends the same Authorization header, so the ratio prices the door alone, and the floor's `no Authorization header`",
    'row shows what parsing that header costs by itself); and that',
    "server's CPU time per request, protected / open, with open ÷ protected: the throughput ratio when the server alone is",
    'the bottleneck, steadier than req/s on a shared machine:',
    '',
    table(['framework', 'door', 'request', 'req/s', 'p99', 'open route (same server) req/s / p99', 'protected ÷ open', 'server CPU per request', 'CPU: open ÷ protected'], rows),
  ].join('\n')
}

module.exports = { runHttp }
