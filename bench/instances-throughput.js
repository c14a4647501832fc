'use strict'
// Section "instances", login and refresh throughput: the same clients and seconds on each setup
// (two demo processes each, bench/instances-setups.js), in paired rounds whose order turns, every
// answer's status counted (no 5xx allowed), and the CPU the demos and the store server used.

const { availableParallelism } = require('node:os')

const { call, clientAddress } = require('./lib/demo-process')
const { cpuMs } = require('./lib/process-cpu')
const { fixed, median, table, thousands } = require('./lib/table')
const { SETUPS } = require('./instances-setups')

const KINDS = ['login', 'refresh']

/**
 * @param {{ setups: Record<string, object>, stores: Record<string, { pid: number, children: boolean }>, clients: number, seconds: number, rounds: number }} options
 *   stores: the server each setup's sessions are in (none: they are in the demo's SQLite file)
 */
async function measureThroughput({ setups, stores, clients, seconds, rounds }) {
  const names = Object.keys(SETUPS).filter((name) => name in setups)
  const runs = Object.fromEntries(names.map((name) => [name, { login: [], refresh: [] }]))
  // Untimed: every client refreshes once at the same time, so each pool opens its connections now.
  for (const name of names) await Promise.all(Array.from({ length: clients }, (_, client) => refresh(setups[name], setups[name].demos[client % 2].url, client)))
  for (let round = 0; round < rounds; round++) {
    for (const kind of KINDS) {
      const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)]
      for (const name of order) runs[name][kind].push(await load(kind, setups[name], stores[name], clients, seconds))
    }
  }
  return runs
}

async function load(kind, setup, store, clients, seconds) {
  const urls = setup.demos.map((demo) => demo.url)
  const statuses = {}
  let answers = 0
  const cpu = () => ({ demo: setup.demos.reduce((ms, demo) => ms + cpuMs(demo.pid), 0), store: store ? cpuMs(store.pid, store) : NaN })
  const before = cpu()
  const clientCpu = process.cpuUsage()
  const started = performance.now()
  const end = started + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const localAddress = clientAddress(client)
      for (let i = 0; performance.now() < end; i++) {
        const url = urls[(client + i) % urls.length]
        const reply = kind === 'login' ? await call(`${url}/auth/login`, { method: 'POST', body: { email: 'demo@example.com', password: setup.password }, localAddress }) : await refresh(setup, url, client)
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1
        answers++
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const after = cpu()
  const { user, system } = process.cpuUsage(clientCpu)
  return { rps: answers / elapsed, statuses, demoMs: (after.demo - before.demo) / answers, storeMs: (after.store - before.store) / answers, clientMs: (user + system) / 1000 / answers }
}

/** POST /auth/refresh with the client's latest refresh token, kept for its next one. */
async function refresh(setup, url, client) {
  const reply = await call(`${url}/auth/refresh`, { method: 'POST', body: { refreshToken: setup.tokens[client].refreshToken }, localAddress: clientAddress(client) })
  if (reply.status === 200) setup.tokens[client] = reply.body
  return reply
}

function throughputMarkdown(runs, { baseline, clients, seconds, rounds }) {
  const names = Object.keys(SETUPS).filter((name) => name in runs)
  const summary = (name, kind) => {
    const mine = runs[name][kind]
    const base = runs[baseline][kind]
    return { rps: median(mine.map((run) => run.rps)), ratio: median(mine.map((run, i) => run.rps / base[i].rps)), demoMs: median(mine.map((run) => run.demoMs)), storeMs: median(mine.map((run) => run.storeMs)), clientMs: median(mine.map((run) => run.clientMs)) }
  }
  const cpu = ({ demoMs, storeMs }) => `${fixed(demoMs, 1)} / ${Number.isFinite(storeMs) ? fixed(storeMs, 2) : 'in the demo'}`
  const rows = names.map((name) => {
    const [login, refresh] = KINDS.map((kind) => summary(name, kind))
    const answers = KINDS.map((kind) => `${kind} ${shownStatuses(runs[name][kind])}`).join('; ')
    return [SETUPS[name].label, thousands(login.rps), fixed(login.ratio), thousands(refresh.rps), fixed(refresh.ratio), cpu(login), cpu(refresh), answers]
  })
  const head = ['users + sessions', 'login/s', '÷ SQLite', 'refresh/s', '÷ SQLite', 'CPU ms per login: demos / store', 'per refresh: demos / store', 'answers (no 5xx allowed)']
  return [
    `Login and refresh throughput, two demo instances per setup: ${clients} clients, each in a loop of POST /auth/login (or /auth/refresh with`,
    `its latest refresh token), alternating between the two; ${rounds} rounds of ${seconds} s per kind and setup, the setups' order turning each round;`,
    `÷ SQLite is the median of each round's ratio to the SQLite + SQLite run. PostgreSQL runs with its durable defaults (fsync on), Redis without persistence.`,
    '',
    table(head, rows),
    '',
    whereTimeGoes(names.map((name) => ({ name, login: summary(name, 'login'), refresh: summary(name, 'refresh') }))),
  ].join('\n')
}

/** Which part of a login or a refresh takes the time, from the CPU each cost where. */
function whereTimeGoes(rows) {
  const short = (name) => SETUPS[name].label.replace(/ \(.*\)/, '')
  const login = median(rows.map((row) => row.login.demoMs))
  const loginStore = Math.max(...rows.map((row) => row.login.storeMs).filter(Number.isFinite))
  // The refresh's own work (signing, HTTP, Foal) is the same everywhere: the least demo CPU, next to a store server.
  const least = rows.reduce((best, row) => (row.refresh.demoMs < best.refresh.demoMs ? row : best))
  const refresh = rows.map(({ name, refresh: r }) => `${short(name)} ${fixed(r.demoMs, 1)}${Number.isFinite(r.storeMs) ? ` + ${fixed(r.storeMs, 2)} in the store` : ' (the SQLite statements run in the demo)'}`)
  const busy = rows.map(({ name, refresh: r }) => `${short(name)} ${fixed((r.rps * (r.demoMs + (Number.isFinite(r.storeMs) ? r.storeMs : 0))) / 1000, 2)}`)
  return [
    `Where the time goes: a login costs about ${fixed(login, 0)} ms of demo CPU in every setup (PBKDF2, 310,000 rounds) and at most ${fixed(loginStore, 1)} ms in a store server: the hashing is most of a login's work, so fewer logins/s for the same CPU is time spent waiting (on a store's round trips, or for a core).`,
    `A refresh is the store's cost: CPU ms per refresh ${refresh.join('; ')}; the least demo CPU (${short(least.name)}, ${fixed(least.refresh.demoMs, 1)} ms) is the refresh's own work, the rest the store's.`,
    `Cores the demos and the store kept busy during the refreshes (of ${availableParallelism()}; the rest went to other processes or to waiting on a commit): ${busy.join('; ')}.`,
  ].join('\n')
}

function shownStatuses(loads) {
  const statuses = {}
  for (const { statuses: counted } of loads) for (const [status, n] of Object.entries(counted)) statuses[status] = (statuses[status] ?? 0) + n
  return Object.entries(statuses).map(([status, n]) => `${status}: ${thousands(n)}`).join(', ')
}

/** 5xx answers over every run of every setup. */
function throughputFiveXx(runs) {
  let n = 0
  for (const kinds of Object.values(runs)) for (const loads of Object.values(kinds)) for (const { statuses } of loads) for (const [status, c] of Object.entries(statuses)) if (Number(status) >= 500) n += c
  return n
}

module.exports = { measureThroughput, throughputMarkdown, throughputFiveXx }
