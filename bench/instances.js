'use strict'
// Section "instances": two demo processes (`npm start`, dist/demo/main.js) on 127.0.0.1 sharing
// one users database (a SQLite file), with their sessions and login attempts in Redis
// (settings.jwt.redisUrl) or in that SQLite file (and attempts in each process's memory).
// 1. A bounded mixed load over both (each client: a login, then /api/me and refreshes, a new
//    login every LOGIN_EVERY requests): requests/s, and every answer's status (no 5xx allowed).
// 0. A protected route (Express) with `sessions` on the Redis store ÷ the same on the memory store:
//    the revoked sids are in memory either way, so no request waits on Redis.
// 2. Sign-out fan-out: a logout on one instance, /api/me asked on the other until it refuses
//    the token: milliseconds from the 204 to the refusal, p50 / p99 (Redis pub/sub vs polling).

const { spawn } = require('node:child_process')
const { randomBytes } = require('node:crypto')
const { mkdtempSync, rmSync } = require('node:fs')
const { Agent, request } = require('node:http')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

const autocannon = require('autocannon')
const { sign } = require('jsonwebtoken')

const { startServer } = require('./lib/child')
const { startRedisServer } = require('./lib/redis-server')
const { fixed, median, table, thousands } = require('./lib/table')

const DEMO = join(__dirname, '../dist/demo/main.js')
const CLIENTS = 8
const LOGIN_EVERY = 50
const REFRESH_EVERY = 10
const FANOUT_LIMIT_MS = 2_000
const CREDENTIALS = /password: (\S+)\n/

async function runInstances({ secret, log, seconds, rounds, signOuts }) {
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
  try {
    for (const mode of ['redis', 'sqlite']) {
      const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bench-instances-'))
      const env = { ...process.env, SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: secret, SETTINGS_LOGGER_FORMAT: 'none', PORT: '0', NODE_ENV: 'production' }
      for (const name of Object.keys(env)) if (name.startsWith('SETTINGS_JWT_REDIS')) delete env[name]
      if (mode === 'redis') Object.assign(env, { SETTINGS_JWT_REDIS_URL: redis.url, SETTINGS_JWT_REDIS_KEY_PREFIX: `bench-${Date.now()}:` })
      setups[mode] = { dir, demos: [] }
      const first = await startDemo(dir, env)
      setups[mode].demos.push(first, await startDemo(dir, env))
      setups[mode].password = first.password
      // Each client's address signs in once first: an address that signed in for the email is
      // recognised, so the load measures the routes, not the throttle's count of logins in flight.
      for (let client = 0; client < CLIENTS; client++) await call(`${first.url}/auth/login`, { method: 'POST', body: { email: 'demo@example.com', password: first.password }, localAddress: clientAddress(client) })
    }
    log(`instances: two demos with sessions in Redis, two in SQLite; ${rounds} paired rounds of ${seconds} s, ${CLIENTS} clients; then ${signOuts} sign-outs each`)
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
  } finally {
    for (const { dir, demos } of Object.values(setups)) {
      await Promise.all(demos.map((demo) => demo.stop()))
      rmSync(dir, { recursive: true, force: true })
    }
    await redis.stop()
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
    `on the memory store: ${thousands(door.memory)} req/s; Redis ÷ memory (median of paired rounds): ${fixed(door.ratio)}.`,
    '',
    `Many instances: two demo processes, users in one SQLite file; sessions and login attempts in Redis or in that file. A mixed load`,
    `(${CLIENTS} clients: login, then /api/me with a refresh every ${REFRESH_EVERY} requests and a new login every ${LOGIN_EVERY}), spread over both;`,
    `then ${signOuts} sign-outs on one instance, each timed until the other refuses the token:`,
    '',
    table(['sessions in', 'req/s (median round)', 'answers', 'sign-out refused on the other, ms p50 / p99'], rows),
    '',
    `Redis ÷ SQLite req/s: ${fixed(ratio)}`,
  ].join('\n')
  return { markdown, ratio, doorRatio: door.ratio, fiveXx: { redis: fiveXx('redis'), sqlite: fiveXx('sqlite') }, fanout: { redis: results.redis.fanout, sqlite: results.sqlite.fanout } }
}

/** /redis ÷ /memory on one Express server, paired rounds. */
async function doorCost({ secret, log, seconds, rounds, redisUrl }) {
  log(`instances: Express with sessions on Redis vs memory; ${rounds} paired rounds of ${seconds} s`)
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
    for (let round = 0; round < rounds * 2; round++) {
      for (const path of round % 2 ? ['redis', 'memory'] : ['memory', 'redis']) samples[path].push(await run(path, seconds / 2))
    }
  } finally {
    await server.stop()
  }
  return { memory: median(samples.memory), redis: median(samples.redis), ratio: median(samples.redis.map((rps, i) => rps / samples.memory[i])) }
}

/** A demo process; resolves once it listens. */
function startDemo(cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-4000)))
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`the demo did not start:\n${out}\n${err}`))), 30_000)
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 5000).unref()
      })
    process.once('exit', () => child.kill('SIGKILL'))
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the demo exited with ${code}:\n${out}\n${err}`))))
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (!match) return
      clearTimeout(timer)
      child.stdout.removeAllListeners('data')
      child.stdout.resume()
      resolve({ url: match[1], password: CREDENTIALS.exec(out)?.[1], stop, stderr: () => err })
    })
  })
}

// The second demo finds the user the first made: it prints no password, so both share the first's.
const agent = new Agent({ keepAlive: true, maxSockets: 64 })

function call(url, { method = 'GET', body, token, localAddress }) {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const headers = { ...(text && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) }
    const req = request(url, { method, headers, agent, localAddress }, (res) => {
      let raw = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (raw += chunk))
      res.on('end', () => resolve({ status: res.statusCode, body: raw && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw }))
    })
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')))
    req.on('error', reject)
    req.end(text)
  })
}

async function mixedLoad(urls, password, seconds) {
  const statuses = {}
  let requests = 0
  const count = (status) => ((statuses[status] = (statuses[status] ?? 0) + 1), requests++)
  const end = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      // An address per client (all of 127/8 is loopback): the throttle counts logins in flight per address.
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

function clientAddress(client) {
  return `127.0.1.${client + 1}`
}

function percentile(values, p) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

module.exports = { runInstances }
