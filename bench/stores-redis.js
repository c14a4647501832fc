'use strict'
// Section: the Redis stores. rotate() per second on Redis (no persistence, and an append-only
// file fsynced before each answer) beside the memory store and a SQLite file (WAL), with one
// and with 16 rotations in flight; and how long a revocation made by one instance takes to reach
// another's listener by pub/sub (two store instances on two connections), p50 / p99.
//   node bench/stores-redis.js [--quick]   (after `npm run build`; needs redis-server)

const { randomBytes } = require('node:crypto')
const { mkdtempSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

require('reflect-metadata')
const { DataSource } = require('typeorm')

const { MemorySessionStore } = require('../dist/stores')
const { createRedisStores } = require('../dist/stores/redis')
const { STORE_ENTITIES, TypeormSessionStore } = require('../dist/stores/typeorm')
const { startRedisServer } = require('./lib/redis-server')
const { fixed, median, table, thousands } = require('./lib/table')

const T0 = 1_700_000_000_000
const SESSION = { sub: 'user', createdAt: T0, expiresAt: T0 + 7 * 86_400_000, accessExpiresAt: T0 + 3_600_000 }
const hash = () => randomBytes(32).toString('base64url')
const sid = () => randomBytes(16).toString('base64url')

/** Rotations per second over 1,000 families, `inFlight` at a time, for about `ms`. */
async function rotations(store, { inFlight, ms }) {
  const current = []
  for (let i = 0; i < 1_000; i++) {
    current.push(hash())
    await store.create({ ...SESSION, sid: sid() }, current[i])
  }
  let done = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(ms) * 1_000_000n
  const lane = async (first) => {
    for (let i = first; process.hrtime.bigint() < end; i = (i + inFlight) % current.length) {
      const nextHash = hash()
      const result = await store.rotate(current[i], { nextHash, accessExpiresAt: SESSION.accessExpiresAt }, T0)
      if (result.outcome !== 'rotated') throw new Error(`rotation ${done}: ${result.outcome}`)
      current[i] = nextHash
      done += 1
    }
  }
  await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(i)))
  return done / (Number(process.hrtime.bigint() - start) / 1e9)
}

/** Milliseconds from revoke() on instance a to b's listener, one revocation at a time. */
async function latencies(a, b, count) {
  const sessions = []
  for (let i = 0; i < count; i++) {
    sessions.push({ ...SESSION, sid: sid() })
    await a.sessions.create(sessions[i], hash())
  }
  let arrived = () => undefined
  await new Promise((onResync) => b.sessions.subscribe(() => arrived(process.hrtime.bigint()), { onResync }))
  const times = []
  for (const session of sessions) {
    const heard = new Promise((resolve) => (arrived = resolve))
    const start = process.hrtime.bigint()
    await a.sessions.revoke(session.sid, T0)
    times.push(Number((await heard) - start) / 1e6)
  }
  return times.sort((x, y) => x - y)
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

async function runStoresRedis({ quick = false, log = () => undefined } = {}) {
  const ms = quick ? 500 : 2_000
  const rounds = quick ? 1 : 3
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bench-stores-redis-'))
  const servers = []
  try {
    const rows = []
    const measure = async (name, open) => {
      const perFlight = []
      for (const inFlight of [1, 16]) {
        const results = []
        for (let r = 0; r < rounds; r++) {
          log(`stores-redis: rotate on ${name}, ${inFlight} in flight, round ${r + 1}/${rounds}`)
          const { store, close } = await open(r, inFlight)
          results.push(await rotations(store, { inFlight, ms }))
          await close()
        }
        perFlight.push(thousands(median(results)))
      }
      rows.push([name, ...perFlight])
    }
    await measure('memory', async () => ({ store: new MemorySessionStore(), close: async () => undefined }))
    await measure('SQLite file, WAL', async (r, inFlight) => {
      const dataSource = new DataSource({ type: 'sqlite', database: join(dir, `rotate-${r}-${inFlight}.sqlite`), entities: STORE_ENTITIES, synchronize: true, busyTimeout: 5_000, enableWAL: true })
      await dataSource.initialize()
      return { store: new TypeormSessionStore(dataSource), close: () => dataSource.destroy() }
    })
    for (const appendOnly of [false, true]) {
      const server = await startRedisServer({ appendOnly })
      servers.push(server)
      await measure(appendOnly ? 'Redis, append-only file, appendfsync always' : 'Redis, no persistence', async (r, inFlight) => {
        const stores = createRedisStores({ url: server.url, keyPrefix: `bench-${r}-${inFlight}:` })
        await stores.ready()
        return { store: stores.sessions, close: () => stores.close() }
      })
    }
    log('stores-redis: revocation latency between two instances')
    const options = { url: servers[0].url, keyPrefix: 'bench-latency:' }
    const [a, b] = [createRedisStores(options), createRedisStores(options)]
    await Promise.all([a.ready(), b.ready()])
    const times = await latencies(a, b, quick ? 300 : 2_000)
    await Promise.all([a.close(), b.close()])
    const markdown = [
      '### Redis stores',
      '',
      table(['store', 'rotate() per s, 1 in flight', 'rotate() per s, 16 in flight'], rows),
      '',
      'One process; Redis on the same machine (127.0.0.1). Each Redis rotation is one Lua script (EVALSHA): one round trip.',
      '',
      `Revocation from one instance to another's listener (pub/sub, two connections, ${times.length} revocations one at a time, from the call to the listener): ` +
        `p50 ${fixed(percentile(times, 50), 2)} ms, p99 ${fixed(percentile(times, 99), 2)} ms, max ${fixed(times[times.length - 1], 2)} ms.`,
    ].join('\n')
    return { markdown, rows, p50: percentile(times, 50), p99: percentile(times, 99) }
  } finally {
    for (const server of servers) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

module.exports = { runStoresRedis }

if (require.main === module) {
  runStoresRedis({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) }).then(
    ({ markdown }) => process.stdout.write(`${markdown}\n`),
    (error) => {
      process.stderr.write(`${error.stack}\n`)
      process.exit(1)
    },
  )
}
