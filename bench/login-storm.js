'use strict'
// Section 5: a login storm. GET /api/me (JWTRequired + the user loaded from SQLite) is timed one
// request after another, first on an idle server, then while 20 accounts log in in a loop (each
// account one login after another, all 20 at once), on the demo app with password hashing
// bounded (the HashingQueue as shipped) and unbounded (every login hashing at once, as before).

const { mkdtempSync, rmSync } = require('node:fs')
const { Agent, request } = require('node:http')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

const { startServer } = require('./lib/child')
const { fixed, median, table, thousands } = require('./lib/table')

const PASSWORD = 'bench login passphrase '
const STORM_ACCOUNTS = 20
const MODES = ['unbounded', 'bounded']

/** One request on a keep-alive agent (from a loopback address of 127/8): its status and the milliseconds it took. */
function send(agent, port, method, path, headers, body, localAddress = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent, localAddress }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode, text, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function login(agent, port, email, password, localAddress) {
  return send(agent, port, 'POST', '/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ email, password }), localAddress)
}

/** GET /api/me one after another until `until`: every answer must be the user. */
async function probe(port, token, until) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const times = []
  try {
    while (Date.now() < until) {
      const reply = await send(agent, port, 'GET', '/api/me', { authorization: `Bearer ${token}` })
      if (reply.status !== 200) throw new Error(`/api/me answered ${reply.status}: ${reply.text}`)
      times.push(reply.ms)
    }
  } finally {
    agent.destroy()
  }
  return times
}

/**
 * 20 accounts, each from an address of its own, logging in again as soon as it is answered,
 * until `until`. (From one address, more than 5 logins in flight at once would be throttled: each
 * is counted up front until its password is checked.)
 */
async function storm(port, until) {
  const agent = new Agent({ keepAlive: true, maxSockets: STORM_ACCOUNTS })
  const counts = { 200: 0, 503: 0 }
  const times = []
  try {
    await Promise.all(
      Array.from({ length: STORM_ACCOUNTS }, async (_, n) => {
        while (Date.now() < until) {
          const reply = await login(agent, port, `storm${n}@example.com`, `${PASSWORD}${n + 1}`, `127.0.1.${n + 1}`)
          if (reply.status !== 200 && reply.status !== 503) throw new Error(`login answered ${reply.status}: ${reply.text}`)
          counts[reply.status]++
          if (reply.status === 200) times.push(reply.ms)
        }
      }),
    )
  } finally {
    agent.destroy()
  }
  return { counts, times }
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/**
 * Per round, each mode (order reversed on odd rounds) on its own server process: `seconds` of
 * probing idle, then `seconds` of probing under the storm. The table shows medians of rounds.
 */
async function runLoginStorm({ log, seconds, rounds }) {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bench-login-'))
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    BENCH_PASSWORD: PASSWORD,
    SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a-bench-secret-of-at-least-thirty-two-bytes',
    SETTINGS_JWT_BLACK_LIST_FILE: join(dir, 'blacklist.txt'),
  }
  const samples = Object.fromEntries(MODES.map((mode) => [mode, []]))
  try {
    log(`login storm: ${rounds} rounds, ${seconds} s idle + ${seconds} s storm per mode, ${STORM_ACCOUNTS} accounts`)
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 ? [...MODES].reverse() : MODES) {
        const server = await startServer(join(__dirname, 'login-server.js'), [mode], { cwd: dir, env, maxMs: 10 * 60_000 })
        try {
          const agent = new Agent({ keepAlive: false })
          const me = await login(agent, server.port, 'me@example.com', `${PASSWORD}0`)
          if (me.status !== 200) throw new Error(`login answered ${me.status}: ${me.text}`)
          const token = JSON.parse(me.text).token
          await probe(server.port, token, Date.now() + 300) // warm-up
          const idle = await probe(server.port, token, Date.now() + seconds * 1000)
          const until = Date.now() + seconds * 1000
          const [loaded, logins] = await Promise.all([probe(server.port, token, until), storm(server.port, until)])
          samples[mode].push({ idle, loaded, logins })
        } finally {
          await server.stop()
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const results = MODES.map((mode) => {
    const of = (pick) => median(samples[mode].map(pick))
    return {
      mode,
      idleMedian: of((s) => median(s.idle)),
      stormMedian: of((s) => median(s.loaded)),
      stormP99: of((s) => percentile(s.loaded, 99)),
      probes: of((s) => s.loaded.length),
      loginsPerSecond: of((s) => s.logins.counts[200] / seconds),
      loginMedian: of((s) => median(s.logins.times)),
      refused: of((s) => s.logins.counts[503]),
    }
  })
  return { results, markdown: report(results, seconds) }
}

function report(results, seconds) {
  const rows = results.map((r) => [
    r.mode === 'bounded' ? 'bounded (HashingQueue, as shipped)' : 'unbounded (every login hashes at once: before)',
    `${fixed(r.idleMedian, 1)} ms`,
    `${fixed(r.stormMedian, 1)} ms`,
    `${fixed(r.stormP99, 1)} ms`,
    thousands(r.probes),
    fixed(r.loginsPerSecond, 1),
    `${fixed(r.loginMedian, 0)} ms`,
    thousands(r.refused),
  ])
  return [
    `Login storm on the demo app: GET /api/me one after another, idle and while ${STORM_ACCOUNTS} accounts log in in a loop`,
    `(${seconds} s each, median of rounds; /api/me verifies the token and loads the user from SQLite, which shares libuv's`,
    'thread pool with PBKDF2):',
    '',
    table(['password hashing', '/api/me idle', '/api/me in the storm', 'storm p99', '/api/me answered', 'logins/s', 'login median', 'logins refused (503)'], rows),
  ].join('\n')
}

module.exports = { runLoginStorm }
