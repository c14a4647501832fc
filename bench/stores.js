'use strict'
// Section: the stores. rotate() per second on the memory store and on a SQLite file (WAL, busy
// timeout: the options the TypeORM stores ask for), one process, beside the floor of any durable
// write on the same file (one transaction updating one row); with SQLite's default
// synchronous=FULL and with synchronous=NORMAL. What a revocation poll costs on a SQLite table
// of 100k sessions of which 10k are revoked.
//   node bench/stores.js [--quick]   (after `npm run build`)

const { randomBytes } = require('node:crypto')
const { mkdtempSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')

require('reflect-metadata')
const { DataSource } = require('typeorm')

const { MemorySessionStore } = require('../dist/stores')
const { AuthSession, STORE_ENTITIES, TypeormSessionStore } = require('../dist/stores/typeorm')
const { fixed, median, ratio, table, thousands } = require('./lib/table')

const T0 = 1_700_000_000_000
const SESSION = { sub: 'user', createdAt: T0, expiresAt: T0 + 7 * 86_400_000, accessExpiresAt: T0 + 3_600_000 }
const hash = () => randomBytes(32).toString('base64url')

async function sqlite(dir, name, synchronous = 'FULL') {
  const dataSource = new DataSource({ type: 'sqlite', database: join(dir, `${name}.sqlite`), entities: STORE_ENTITIES, synchronize: true, busyTimeout: 5_000, enableWAL: true })
  await dataSource.initialize()
  await dataSource.query(`PRAGMA synchronous = ${synchronous}`)
  return dataSource
}

/** One-row write transactions per second on the store's connection: the floor under rotate(). */
async function bareWrites(dataSource, ms) {
  const runner = dataSource.createQueryRunner()
  await runner.query("INSERT INTO auth_store_counter (name, value) VALUES ('bench', 0)")
  let done = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(ms) * 1_000_000n
  while (process.hrtime.bigint() < end) {
    await runner.query('BEGIN IMMEDIATE')
    await runner.query("UPDATE auth_store_counter SET value = value + 1 WHERE name = 'bench'")
    await runner.query('COMMIT')
    done += 1
  }
  return done / (Number(process.hrtime.bigint() - start) / 1e9)
}

/** Rotations per second over `sessions` families, `inFlight` at a time, for about `ms`. */
async function rotations(store, { sessions, inFlight, ms }) {
  const current = []
  for (let i = 0; i < sessions; i++) {
    current.push(hash())
    await store.create({ ...SESSION, sid: randomBytes(16).toString('base64url') }, current[i])
  }
  let done = 0
  const start = process.hrtime.bigint()
  const end = start + BigInt(ms) * 1_000_000n
  const lane = async (first) => {
    for (let i = first; process.hrtime.bigint() < end; i = (i + inFlight) % sessions) {
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

/** 100k sessions, the last 10k revoked in order; then the cost of an idle poll and of a full load. */
async function polls(dataSource, { total, revoked, rounds }) {
  const rows = []
  for (let i = 0; i < total; i++) {
    const isRevoked = i >= total - revoked
    rows.push({ ...SESSION, sid: `s${i}`, caps: null, claims: null, revokedAt: isRevoked ? T0 : null, revokedSeq: isRevoked ? i - (total - revoked) + 1 : null })
  }
  for (let i = 0; i < rows.length; i += 500) await dataSource.createQueryBuilder().insert().into(AuthSession).values(rows.slice(i, i + 500)).execute()
  const store = new TypeormSessionStore(dataSource)
  const time = async (work) => {
    const start = process.hrtime.bigint()
    await work()
    return Number(process.hrtime.bigint() - start) / 1e3
  }
  const full = async () => {
    let cursor
    let seen = 0
    for (let more = true; more; ) {
      const page = await store.revocationsSince(cursor, T0)
      seen += page.revoked.length
      ;({ cursor, more } = page)
    }
    if (seen !== revoked) throw new Error(`the full load found ${seen} revocations, not ${revoked}`)
    return cursor
  }
  const last = await full()
  const idle = []
  const loads = []
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < 200; i++) idle.push(await time(() => store.revocationsSince(last, T0)))
    loads.push(await time(full))
  }
  return { idleUs: median(idle), fullMs: median(loads) / 1e3 }
}

async function runStores({ quick = false, log = () => undefined } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bench-stores-'))
  try {
    const ms = quick ? 500 : 2_000
    const rounds = quick ? 1 : 3
    const memory = []
    for (let r = 0; r < rounds; r++) memory.push(await rotations(new MemorySessionStore(), { sessions: 1_000, inFlight: 1, ms }))
    const rows = [['memory', thousands(median(memory)), '', '']]
    for (const synchronous of ['FULL', 'NORMAL']) {
      const bare = []
      const rotate = []
      for (let r = 0; r < rounds; r++) {
        log(`stores: rotate on SQLite, synchronous=${synchronous}, round ${r + 1}/${rounds}`)
        const dataSource = await sqlite(dir, `rotate-${synchronous}-${r}`, synchronous)
        bare.push(await bareWrites(dataSource, ms))
        rotate.push(await rotations(new TypeormSessionStore(dataSource), { sessions: 1_000, inFlight: 1, ms }))
        await dataSource.destroy()
      }
      rows.push([`SQLite file, WAL, synchronous=${synchronous}`, thousands(median(rotate)), thousands(median(bare)), ratio(median(rotate) / median(bare))])
    }
    log('stores: revocation polls on 100k sessions, 10k revoked')
    const dataSource = await sqlite(dir, 'polls')
    const { idleUs, fullMs } = await polls(dataSource, { total: quick ? 20_000 : 100_000, revoked: quick ? 2_000 : 10_000, rounds })
    await dataSource.destroy()
    const markdown = [
      '### Stores',
      '',
      table(['store', 'rotate() per s', 'bare one-row write transactions per s', 'rotate ÷ bare write'], rows),
      '',
      'One process, one rotation at a time (more in flight change nothing on SQLite: its transactions take turns).',
      '',
      `Revocation poll on SQLite (${quick ? '20k sessions, 2k' : '100k sessions, 10k'} revoked): an idle poll (nothing new) ${fixed(idleUs, 0)} µs; ` +
        `the full load a starting process makes (every revoked sid, pages of 1,000) ${fixed(fullMs, 1)} ms.`,
    ].join('\n')
    return { markdown, rows, idleUs, fullMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

module.exports = { runStores }

if (require.main === module) {
  runStores({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) }).then(
    ({ markdown }) => process.stdout.write(`${markdown}\n`),
    (error) => {
      process.stderr.write(`${error.stack}\n`)
      process.exit(1)
    },
  )
}
