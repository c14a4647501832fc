'use strict'
// Section "sessions": what the sessions cost.
// 1. A protected route with `sessions` ÷ the same route without (Express, Fastify; autocannon).
// 2. POST /auth/refresh on SQLite ÷ an open route of the same FoalTS server, each connection
//    refreshing its own session in a chain; where a refresh's time goes; bad-grant latencies.
// 3. How long a logout on one server takes to be refused on another on the same SQLite file.

const { randomBytes } = require('node:crypto')
const { mkdirSync } = require('node:fs')
const { Agent, request } = require('node:http')
const { join } = require('node:path')

const { sign } = require('jsonwebtoken')

const { bearerLoad: load } = require('./lib/bearer-load')
const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const MAX_MS = 10 * 60_000

async function runSessions({ secret, dir, log, seconds, rounds, connections }) {
  const env = { ...process.env, BENCH_SECRET: secret, SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: secret, NODE_ENV: 'production' }
  const door = await doorCost({ env, dir, log, seconds, rounds, connections })
  const refresh = await refreshCost({ env, dir, log, seconds, rounds, connections, secret })
  const markdown = [door.markdown, '', refresh.markdown].join('\n')
  return { markdown, doorRatios: door.ratios, refreshRatio: refresh.ratio }
}

/** 1: /sessions ÷ /plain on one server per framework, paired per round. */
async function doorCost({ env, dir, log, seconds, rounds, connections }) {
  const now = Math.floor(Date.now() / 1000)
  const token = sign({ sub: 'bench', sid: randomBytes(16).toString('base64url'), iat: now, exp: now + 3600 }, env.BENCH_SECRET)
  const rows = []
  const ratios = {}
  for (const framework of ['express', 'fastify']) {
    log(`sessions: ${framework}, /plain and /sessions (1,000 revoked sids held); ${rounds} rounds of ${seconds} s, ${connections} connections`)
    const server = await startServer(join(__dirname, 'sessions-server.js'), [framework], { cwd: dir, env, maxMs: MAX_MS })
    const samples = { plain: [], sessions: [] }
    try {
      const url = (path) => `http://127.0.0.1:${server.port}${path}`
      for (const path of ['plain', 'sessions']) await load(url(`/${path}`), token, 1, connections, server.cpu)
      for (let round = 0; round < rounds; round++) {
        for (const path of round % 2 ? ['sessions', 'plain'] : ['plain', 'sessions']) samples[path].push(await load(url(`/${path}`), token, seconds, connections, server.cpu))
      }
    } finally {
      await server.stop()
    }
    const paired = (field) => median(samples.sessions.map((sample, i) => sample[field] / samples.plain[i][field]))
    ratios[framework] = paired('rps')
    rows.push([framework, thousands(median(samples.plain.map((s) => s.rps))), thousands(median(samples.sessions.map((s) => s.rps))), fixed(ratios[framework]), fixed(1 / paired('cpuUs'))])
  }
  const markdown = [
    `Sessions on the doors (a valid token with a sid; ${connections} connections): req/s without and with \`sessions\`, and the`,
    "median of each round's ratio; server CPU per request without ÷ with:",
    '',
    table(['framework', 'jwtRequired() req/s', 'jwtRequired({ sessions }) req/s', 'with ÷ without', 'CPU: without ÷ with'], rows),
  ].join('\n')
  return { markdown, ratios }
}

/** 2 and 3, on FoalTS servers over one SQLite file. */
async function refreshCost({ env, dir, log, seconds, rounds, connections, secret }) {
  const dbDir = join(dir, 'sessions-db')
  mkdirSync(dbDir, { recursive: true })
  const serverEnv = { ...env, BENCH_DB_DIR: dbDir }
  const [a, b] = [await startServer(join(__dirname, 'sessions-server.js'), ['foal'], { cwd: dir, env: serverEnv, maxMs: MAX_MS })]
    .concat([await startServer(join(__dirname, 'sessions-server.js'), ['foal'], { cwd: dir, env: serverEnv, maxMs: MAX_MS })])
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  try {
    const issue = (count, tag) => new Promise((resolve) => {
      a.child.once('message', ({ pairs }) => resolve(pairs))
      a.child.send({ cmd: 'issue', count, tag })
    })
    log(`sessions: POST /auth/refresh on SQLite vs GET /open, FoalTS; ${rounds} rounds of ${seconds} s, ${connections} chains`)
    const samples = { open: [], refresh: [] }
    const port = a.port
    await chains(port, agent, 'open', await issue(connections, 'warm-o'), 1, a.cpu)
    await chains(port, agent, 'refresh', await issue(connections, 'warm-r'), 1, a.cpu)
    for (let round = 0; round < rounds; round++) {
      for (const kind of round % 2 ? ['refresh', 'open'] : ['open', 'refresh']) samples[kind].push(await chains(port, agent, kind, await issue(connections, `${kind}-${round}`), seconds, a.cpu))
    }
    const ratio = median(samples.refresh.map((sample, i) => sample.rps / samples.open[i].rps))

    // Bad grants, one at a time: the same store call for each, so about the same time.
    const grants = await grantLatencies(port, agent, issue)
    const parts = await timeParts(secret, dbDir)
    const latency = await crossProcessLatency(a, b, agent, issue)
    const markdown = [
      `POST /auth/refresh on SQLite (FoalTS, the stores' own DataSource, WAL; ${connections} connections, each refreshing its own session`,
      "in a chain) ÷ GET /open on the same server, median of each round's ratio:",
      '',
      table(
        ['route', 'req/s', 'server CPU/request', 'refresh ÷ open'],
        [
          ['GET /open', thousands(median(samples.open.map((s) => s.rps))), `${fixed(median(samples.open.map((s) => s.cpuUs)), 0)} µs`, ''],
          ['POST /auth/refresh', thousands(median(samples.refresh.map((s) => s.rps))), `${fixed(median(samples.refresh.map((s) => s.cpuUs)), 0)} µs`, fixed(ratio)],
        ],
      ),
      '',
      'Where a refresh goes (µs per call, in this process, one at a time): the rotation is one SQLite transaction of five statements',
      'under BEGIN IMMEDIATE; the rest is HTTP, JSON and Foal:',
      '',
      table(['part', 'µs/call'], parts),
      '',
      'Refresh latency by grant, one request at a time (median of 30, ms): every bad grant makes the same store call as a good one and is answered no sooner than a rotation usually takes:',
      '',
      table(['grant', 'answer', 'median ms'], grants),
      '',
      `A logout on one server refused on the other (same SQLite file, poll every 500 ms), ${latency.samples.length} logouts: median ${fixed(latency.median, 0)} ms, max ${fixed(latency.max, 0)} ms.`,
    ].join('\n')
    return { markdown, ratio, latency }
  } finally {
    agent.destroy()
    await a.stop()
    await b.stop()
  }
}

/** Each chain sends its requests one after the other for `seconds`; a refresh chain sends the token the last answer gave. */
async function chains(port, agent, kind, pairs, seconds, cpu) {
  const before = await cpu()
  const until = Date.now() + seconds * 1000
  let done = 0
  await Promise.all(pairs.map(async (pair) => {
    let refreshToken = pair.refreshToken
    while (Date.now() < until) {
      const reply = kind === 'open' ? await send(port, agent, 'GET', '/open') : await send(port, agent, 'POST', '/auth/refresh', { refreshToken })
      if (reply.status !== 200) throw new Error(`${kind}: ${reply.status} ${reply.text}`)
      if (kind === 'refresh') refreshToken = JSON.parse(reply.text).refreshToken
      done += 1
    }
  }))
  return { rps: done / seconds, cpuUs: ((await cpu()) - before) / done }
}

function send(port, agent, method, path, body, headers = {}) {
  const text = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(text && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }) } }, (res) => {
      let data = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (data += chunk))
      res.on('end', () => resolve({ status: res.statusCode, text: data }))
    })
    req.on('error', reject)
    req.end(text)
  })
}

async function grantLatencies(port, agent, issue) {
  const n = 30
  const timed = async (token) => {
    const start = process.hrtime.bigint()
    const reply = await send(port, agent, 'POST', '/auth/refresh', { refreshToken: token })
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: reply.status }
  }
  const fresh = await issue(n, 'grant-fresh')
  const toSpend = await issue(n, 'grant-spent')
  const nexts = []
  for (const pair of toSpend) nexts.push(JSON.parse((await send(port, agent, 'POST', '/auth/refresh', { refreshToken: pair.refreshToken })).text).refreshToken)
  const kinds = [
    ['live (rotated)', fresh.map((p) => p.refreshToken)],
    ['unknown', Array.from({ length: n }, () => randomBytes(32).toString('base64url'))],
    ['spent (reuse: revokes)', toSpend.map((p) => p.refreshToken)],
    ['of a revoked session', nexts],
  ]
  const rows = []
  for (const [name, tokens] of kinds) {
    const results = []
    for (const token of tokens) results.push(await timed(token))
    rows.push([name, [...new Set(results.map((r) => r.status))].join(', '), fixed(median(results.map((r) => r.ms)), 2)])
  }
  return rows
}

/** Signing, hashing and the store's rotate() alone, µs per call. */
async function timeParts(secret, dbDir) {
  const root = join(__dirname, '..', 'dist')
  const { createTokenSigner } = require(join(root, 'tokens/create-token-signer'))
  const { hashToken, randomToken } = require(join(root, 'tokens/random-token'))
  const { createStoreDataSource } = require(join(root, 'typeorm/data-source'))
  const { TypeormSessionStore } = require(join(root, 'stores/typeorm/typeorm-session-store'))
  const perCall = (n, work) => {
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) work(i)
    return Number(process.hrtime.bigint() - start) / 1e3 / n
  }
  const signer = createTokenSigner({ secretOrPublicKey: secret, privateKey: undefined, algorithm: undefined })
  const now = Math.floor(Date.now() / 1000)
  const claims = { sub: '1', sid: randomToken(16), email: 'ann@example.com', iat: now, exp: now + 3600, jti: '7f1c9b8e-4a1e-4c57-9a59-3e2f6c1d0b7a' }
  const signing = perCall(20_000, () => signer.sign(claims))
  const hashing = perCall(20_000, () => hashToken(randomToken(32)))
  const stores = createStoreDataSource({ cwd: dbDir })
  await stores.initialize()
  const store = new TypeormSessionStore(stores)
  const n = 300
  const hashes = []
  for (let i = 0; i < n; i++) {
    const hash = hashToken(randomToken(32))
    hashes.push(hash)
    await store.create({ sid: randomToken(16), sub: 'parts', createdAt: Date.now(), expiresAt: Date.now() + 86_400_000, accessExpiresAt: Date.now() + 3_600_000 }, hash)
  }
  const start = process.hrtime.bigint()
  for (const hash of hashes) await store.rotate(hash, { nextHash: hashToken(randomToken(32)), accessExpiresAt: Date.now() + 3_600_000 }, Date.now())
  const rotating = Number(process.hrtime.bigint() - start) / 1e3 / n
  await stores.destroy()
  return [
    ['sign the access token (HS256, node:crypto)', fixed(signing, 1)],
    ['new refresh token + its SHA-256 (x2 per refresh: the new one, the one presented)', fixed(hashing, 1)],
    ['TypeormSessionStore.rotate on SQLite (one transaction)', fixed(rotating, 0)],
  ]
}

/** From the 204 of a logout on A to the first row 5 on B, polling B every 5 ms. */
async function crossProcessLatency(a, b, agent, issue) {
  const samples = []
  const pairs = await issue(10, 'latency')
  for (const pair of pairs) {
    const authorization = `Bearer ${pair.accessToken}`
    if ((await send(b.port, agent, 'GET', '/me', undefined, { authorization })).status !== 200) throw new Error('latency: the token was refused before the logout')
    const logout = await send(a.port, agent, 'POST', '/auth/logout', undefined, { authorization })
    if (logout.status !== 204) throw new Error(`latency: logout answered ${logout.status}`)
    const start = Date.now()
    for (;;) {
      if ((await send(b.port, agent, 'GET', '/me', undefined, { authorization })).status === 401) break
      if (Date.now() - start > 10_000) throw new Error('latency: not refused within 10 s')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    samples.push(Date.now() - start)
  }
  return { samples, median: median(samples), max: Math.max(...samples) }
}

module.exports = { runSessions }
