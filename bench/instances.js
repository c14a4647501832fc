'use strict'
// Section "instances": pairs of demo processes (`npm start`, dist/demo/main.js) on 127.0.0.1
// sharing one users database, with their sessions and login attempts in Redis
// (settings.jwt.redisUrl) or in that database (and attempts in each process's memory); see
// instances-setups.js. Redis and PostgreSQL are servers of the bench's own (bench/lib/).
// 1. A bounded mixed load over both (each client: a login, then /api/me and refreshes, a new
//    login every LOGIN_EVERY requests): requests/s, and every answer's status (no 5xx allowed).
// 0. A protected route (Express) with `sessions` on the Redis store ÷ the same on the memory store:
//    the revoked sids are in memory either way, so no request waits on Redis.
// 2. Sign-out fan-out: a logout on one instance, /api/me asked on the other until it refuses
//    the token: milliseconds from the 204 to the refusal, p50 / p99 (Redis pub/sub vs polling).
//    (1 and 2 on users in SQLite, sessions in Redis or in the SQLite file.)
// 3. Login/s and refresh/s on every setup, users on SQLite or PostgreSQL (instances-throughput.js).

const { randomBytes } = require('node:crypto')
const { join } = require('node:path')

const autocannon = require('autocannon')
const { sign } = require('jsonwebtoken')

const { startServer } = require('./lib/child')
const { call, clientAddress } = require('./lib/demo-process')
const { startPostgresServer } = require('./lib/postgres-server')
const { startRedisServer } = require('./lib/redis-server')
const { fixed, median, table, thousands } = require('./lib/table')
const { measureThroughput, throughputFiveXx, throughputMarkdown } = require('./instances-throughput')
const { SETUPS, startSetup, stopSetup } = require('./instances-setups')

const CLIENTS = 8
const LOGIN_EVERY = 50
const REFRESH_EVERY = 10
const FANOUT_LIMIT_MS = 2_000

async function runInstances({ secret, log, seconds, rounds, signOuts, throughputSeconds, throughputRounds }) {
  const redis = await startRedisServer()
  let door
  try {
    door = await doorCost({ secret, log, seconds, rounds, redisUrl: redis.url })
  } catch (error) {
    await redis.stop()
    throw error
  }
  const setups = {}
  const results = { redis: { loads: [] }, sqlite: { loads: [] } }
  let postgres
  let throughput
  try {
    log(`instances: PostgreSQL of its own; two demos on each of ${Object.keys(SETUPS).length} setups (users in SQLite or PostgreSQL, sessions in Redis or beside the users)`)
    const where = { secret, clients: CLIENTS, redisUrl: redis.url }
    // Two setups at a time (within one, a demo after the other), the SQLite ones while PostgreSQL starts.
    const start = async (name) => (setups[name] = await startSetup(name, { ...where, postgresUrl: postgres?.urls[`bench_${name.replace('-', '_')}`] }))
    const server = async () => (postgres = await startPostgresServer({ databases: ['bench_postgres', 'bench_postgres_redis'] }))
    await settled([server(), start('sqlite'), start('redis')])
    await settled([start('postgres'), start('postgres-redis')])
    log(`instances: mixed load on the SQLite setups; ${rounds} paired rounds of ${seconds} s, ${CLIENTS} clients; then ${signOuts} sign-outs each`)
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 ? ['sqlite', 'redis'] : ['redis', 'sqlite']) {
        const { demos, password } = setups[mode]
        results[mode].loads.push(await mixedLoad(demos.map((demo) => demo.url), password, seconds))
      }
    }
    for (const mode of ['redis', 'sqlite']) {
      const [first, second] = setups[mode].demos
      results[mode].fanout = await signOutLatency(first.url, second.url, setups[mode].password, signOuts)
    }
    log(`instances: login/s and refresh/s on the four setups; ${throughputRounds} rounds of ${throughputSeconds} s per kind and setup`)
    const onRedis = { pid: redis.pid, children: false }
    const onPostgres = { pid: postgres.pid, children: true }
    const stores = { redis: onRedis, 'postgres-redis': onRedis, postgres: onPostgres }
    throughput = await measureThroughput({ setups, stores, clients: CLIENTS, seconds: throughputSeconds, rounds: throughputRounds })
  } finally {
    await Promise.allSettled(Object.values(setups).map(stopSetup))
    await Promise.allSettled([postgres?.stop(), redis.stop()])
  }
  const rows = ['redis', 'sqlite'].map((mode) => {
    const { loads, fanout } = results[mode]
    const statuses = {}
    for (const load of loads) for (const [status, n] of Object.entries(load.statuses)) statuses[status] = (statuses[status] ?? 0) + n
    const shown = Object.entries(statuses).map(([status, n]) => `${status}: ${thousands(n)}`).join(', ')
    const late = fanout.filter((ms) => ms === undefined).length
    const heard = fanout.filter((ms) => ms !== undefined)
    return [mode === 'redis' ? 'Redis (settings.jwt.redisUrl)' : 'SQLite file (no redisUrl)', thousands(median(loads.map((l) => l.rps))), shown, `${fixed(percentile(heard, 50), 1)} / ${fixed(percentile(heard, 99), 1)}${late ? ` (${late} not within ${FANOUT_LIMIT_MS} ms)` : ''}`]
  })
  const fiveXx = (mode) => results[mode].loads.reduce((n, load) => n + Object.entries(load.statuses).filter(([s]) => s >= '500').reduce((m, [, c]) => m + c, 0), 0)
  const ratio = median(results.redis.loads.map((load, i) => load.rps / results.sqlite.loads[i].rps))
  const markdown = [
    `A protected route (Express, 10 connections, 1,000 revoked sids held) with \`sessions\` on the Redis store: ${thousands(door.redis)} req/s,`,
    `on the memory store: ${thousands(door.memory)} req/s; Redis ÷ memory (median of ${door.turns} paired turns of ${door.turnSeconds} s): ${fixed(door.ratio)}.`,
    '',
    `Many instances: two demo processes, users in one SQLite file; sessions and login attempts in Redis or in that file. A mixed load`,
    `(${CLIENTS} clients: login, then /api/me with a refresh every ${REFRESH_EVERY} requests and a new login every ${LOGIN_EVERY}), spread over both;`,
    `then ${signOuts} sign-outs on one instance, each timed until the other refuses the token:`,
    '',
    table(['sessions in', 'req/s (median round)', 'answers', 'sign-out refused on the other, ms p50 / p99'], rows),
    '',
    `Redis ÷ SQLite req/s: ${fixed(ratio)}`,
    '',
    throughputMarkdown(throughput, { baseline: 'sqlite', clients: CLIENTS, seconds: throughputSeconds, rounds: throughputRounds }),
  ].join('\n')
  const counted = { redis: fiveXx('redis'), sqlite: fiveXx('sqlite'), throughput: throughputFiveXx(throughput) }
  return { markdown, ratio, doorRatio: door.ratio, fiveXx: counted, fanout: { redis: results.redis.fanout, sqlite: results.sqlite.fanout } }
}

/**
 * /redis ÷ /memory on one Express server, paired turns of half a second: both routes run the same
 * code per request, and a turn's ratio swings ±30% on a shared 2-core machine, so many short
 * turns (the median of 24 at 12 s a route), not a few long ones (6 of 2 s measured 0.86-1.04).
 */
async function doorCost({ secret, log, seconds, rounds, redisUrl }) {
  const turns = rounds * 8
  const turnSeconds = seconds / 8
  log(`instances: Express with sessions on Redis vs memory; ${turns} paired turns of ${turnSeconds} s`)
  const env = { ...process.env, BENCH_SECRET: secret, SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: secret, BENCH_REDIS_URL: redisUrl, NODE_ENV: 'production' }
  const server = await startServer(join(__dirname, 'sessions-server.js'), ['redis'], { env, maxMs: 10 * 60_000 })
  const now = Math.floor(Date.now() / 1000)
  const token = sign({ sub: 'bench', sid: randomBytes(16).toString('base64url'), iat: now, exp: now + 3600 }, secret)
  const run = async (path, duration) => {
    const result = await autocannon({ url: `http://127.0.0.1:${server.port}/${path}`, connections: 10, duration, headers: { authorization: `Bearer ${token}` } })
    if (result.errors > 0 || Object.keys(result.statusCodeStats ?? {}).some((code) => code !== '200')) throw new Error(`/${path}: ${JSON.stringify(result.statusCodeStats)}`)
    return result.requests.total / (result.duration || duration)
  }
  const samples = { memory: [], redis: [] }
  try {
    for (const path of ['memory', 'redis']) await run(path, 1)
    for (let turn = 0; turn < turns; turn++) {
      for (const path of turn % 2 ? ['redis', 'memory'] : ['memory', 'redis']) samples[path].push(await run(path, turnSeconds))
    }
  } finally {
    await server.stop()
  }
  const ratio = median(samples.redis.map((rps, i) => rps / samples.memory[i]))
  return { memory: median(samples.memory), redis: median(samples.redis), ratio, turns, turnSeconds }
}

async function mixedLoad(urls, password, seconds) {
  const statuses = {}
  let requests = 0
  const count = (status) => ((statuses[status] = (statuses[status] ?? 0) + 1), requests++)
  const end = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const localAddress = clientAddress(client)
      let tokens
      for (let i = 0; performance.now() < end; i++) {
        const url = urls[(client + i) % urls.length]
        let reply
        if (tokens === undefined || i % LOGIN_EVERY === 0) {
          reply = await call(`${url}/auth/login`, { method: 'POST', body: { email: 'demo@example.com', password }, localAddress })
          if (reply.status === 200) tokens = reply.body
        } else if (i % REFRESH_EVERY === 0) {
          reply = await call(`${url}/auth/refresh`, { method: 'POST', body: { refreshToken: tokens.refreshToken }, localAddress })
          if (reply.status === 200) tokens = reply.body
        } else {
          reply = await call(`${url}/api/me`, { token: tokens.accessToken, localAddress })
        }
        count(reply.status)
      }
    }),
  )
  return { rps: requests / ((performance.now() - started) / 1000), statuses }
}

/** Milliseconds from each logout's 204 on `home` to `other` refusing the token (undefined: not within the limit). */
async function signOutLatency(home, other, password, count) {
  const latencies = []
  for (let i = 0; i < count; i++) {
    const { body: tokens } = await call(`${home}/auth/login`, { method: 'POST', body: { email: 'demo@example.com', password } })
    await call(`${other}/api/me`, { token: tokens.accessToken })
    const logout = await call(`${home}/auth/logout`, { method: 'POST', body: {}, token: tokens.accessToken })
    if (logout.status !== 204) throw new Error(`logout answered ${logout.status}`)
    const since = performance.now()
    let ms
    while (ms === undefined && performance.now() - since < FANOUT_LIMIT_MS) {
      if ((await call(`${other}/api/me`, { token: tokens.accessToken })).status === 401) ms = performance.now() - since
    }
    latencies.push(ms)
  }
  return latencies
}

/** Promise.all that waits for every promise before it rejects (so none is left running). */
async function settled(promises) {
  const results = await Promise.allSettled(promises)
  const failed = results.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
}

function percentile(values, p) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

module.exports = { runInstances }
