import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DataSource } from 'typeorm'

import { STORE_ENTITIES, TypeormReplayGuard } from '../../src/stores/typeorm'
import { createDatabase } from '../support/services'
import { sqliteDataSource } from './support/store-kinds'

// Two "instances": two DataSources on one SQLite file, or on one PostgreSQL database, each with
// its own guard. Time from data: every guard's clock is START.
const START = 1_700_000_000_000

interface Shared {
  name: string
  open(): Promise<{ sources: DataSource[]; close(): Promise<void> }>
}

const KINDS: Shared[] = [
  {
    name: 'SQLite, one file',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-replay-'))
      const sources = [sqliteDataSource(join(dir, 'stores.sqlite')), sqliteDataSource(join(dir, 'stores.sqlite'))]
      for (const source of sources) await source.initialize()
      return { sources, close: async () => void (await Promise.all(sources.map((source) => source.destroy())), rmSync(dir, { recursive: true, force: true })) }
    },
  },
  {
    name: 'PostgreSQL, one database',
    async open() {
      const db = await createDatabase()
      const sources = [0, 1].map((i) => new DataSource({ type: 'postgres', url: db.url, entities: STORE_ENTITIES, synchronize: i === 0 }))
      for (const source of sources) await source.initialize()
      return { sources, close: async () => void (await Promise.all(sources.map((source) => source.destroy())), await db.drop()) }
    },
  },
]

describe.each(KINDS)('TypeormReplayGuard on $name shared by two instances', (kind) => {
  let shared: Awaited<ReturnType<Shared['open']>>
  let guardA: TypeormReplayGuard
  let guardB: TypeormReplayGuard
  beforeAll(async () => {
    shared = await kind.open()
    ;[guardA, guardB] = shared.sources.map((source) => new TypeormReplayGuard(source, { now: () => START }))
  }, 60_000)
  afterAll(() => shared?.close())

  test('first claim true, then false on either instance; another id is its own; a claim already past expiry is true and writes nothing', async () => {
    expect({
      first: await guardA.claim('token-1', START + 60_000),
      onB: await guardB.claim('token-1', START + 60_000),
      onA: await guardA.claim('token-1', START + 60_000),
      anotherId: await guardB.claim('token-2', START + 60_000),
      past: await guardA.claim('past', START),
      row: await shared.sources[0].query("SELECT id, expires_at FROM auth_replay WHERE id IN ('token-1', 'past')"),
    }).toStrictEqual({ first: true, onB: false, onA: false, anotherId: true, past: true, row: [{ id: 'token-1', expires_at: expect.anything() }] })
  })

  test('40 concurrent claims of one id spread over both instances: exactly one true', async () => {
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? guardA : guardB).claim('raced', START + 60_000)))
    expect(claims.filter(Boolean).length).toBe(1)
  })

  test('once its expiry has passed, an id can be claimed again; expired rows are deleted on the way, a bounded batch per claim', async () => {
    const later = START + 120_000
    const early = new TypeormReplayGuard(shared.sources[0], { now: () => START })
    for (let i = 0; i < 5; i++) await early.claim(`old-${i}`, START + 1_000)
    const sweeping = new TypeormReplayGuard(shared.sources[1], { now: () => later, sweepBatch: 2 })
    const expired = async () => Number((await shared.sources[0].query(`SELECT COUNT(*) AS n FROM auth_replay WHERE expires_at <= ${later}`))[0].n)
    const before = await expired()
    const fresh = await sweeping.claim('fresh', later + 60_000)
    const afterSweep = await expired()
    // The same guard within a second: no second sweep; old-0's row is past its expiry, so free.
    expect({ fresh, swept: before - afterSweep, again: await sweeping.claim('old-0', later + 60_000), replay: await guardA.claim('old-0', later + 60_000) }).toStrictEqual({ fresh: true, swept: 2, again: true, replay: false })
    expect(before).toBeGreaterThanOrEqual(5)
  })

  test('bad arguments are a programmer error; a closed DataSource rejects (the sign-in answers 503)', async () => {
    await expect(guardA.claim('', START + 1)).rejects.toStrictEqual(new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a string of 1 to 128 characters and a finite number'))
    await expect(guardA.claim('x', Number.NaN)).rejects.toStrictEqual(new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a string of 1 to 128 characters and a finite number'))
    expect(() => new TypeormReplayGuard(shared.sources[0], { sweepBatch: 0 })).toThrow(new TypeError('jwt-hooks: "sweepBatch" must be a whole number >= 1'))
    const closing = kind.name.startsWith('SQLite') ? sqliteDataSource(join(tmpdir(), `jwt-hooks-replay-closed-${process.pid}.sqlite`)) : undefined
    if (closing !== undefined) {
      await closing.initialize()
      await closing.destroy()
      await expect(new TypeormReplayGuard(closing).claim('y', Date.now() + 60_000)).rejects.toThrow()
    }
  })
})
