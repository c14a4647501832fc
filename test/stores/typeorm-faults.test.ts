import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Database } from 'sqlite3'
import { QueryFailedError, type DataSource } from 'typeorm'

import { TypeormApiKeyStore, TypeormChallengeStore, TypeormSessionStore } from '../../src/stores/typeorm'
import { HOUR, T0, newHash, newSession } from './support/sessions'
import { STORES, sqliteDataSource } from './support/store-kinds'

const SQL_STORES = STORES.filter((kind) => kind.name.startsWith('typeorm'))
const NEXT = { accessExpiresAt: T0 + 2 * HOUR }
const settle = <T>(promise: Promise<T>) => promise.then(() => 'settled', () => 'settled')
const after = (ms: number) => new Promise<string>((resolve) => setTimeout(() => resolve('pending'), ms))

describe.each(SQL_STORES)('TypeORM stores on a destroyed DataSource: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)

  test('every operation rejects with the database error; initialized again, nothing was half done', async () => {
    const backend = await kind.open()
    const dataSource = backend.dataSource!
    try {
      const sessions = backend.sessions()
      const session = newSession()
      const hash = newHash()
      await sessions.create(session, hash)
      await dataSource.destroy()
      const calls = [
        sessions.create(newSession(), newHash()),
        sessions.rotate(hash, { nextHash: newHash(), ...NEXT }, T0),
        sessions.revoke(session.sid, T0),
        sessions.revokeByRefresh(hash, T0),
        sessions.get(session.sid),
        sessions.revocationsSince(undefined, T0),
        sessions.sweep(T0 + 30 * 24 * HOUR),
        backend.challenges().put({ id: 'c', publicKeyZ32: 'k', caps: '', text: 't', expiresAt: T0 + HOUR }, T0),
        backend.challenges().take('c', T0),
        backend.apiKeys().create('chat', 'hash', T0),
        backend.apiKeys().findByHash('hash'),
      ]
      const outcomes = await Promise.allSettled(calls)
      expect(outcomes.map((o) => o.status)).toStrictEqual(Array(calls.length).fill('rejected'))
      await dataSource.initialize()
      expect({
        session: await sessions.get(session.sid),
        rotated: await sessions.rotate(hash, { nextHash: newHash(), ...NEXT }, T0),
        revocations: (await sessions.revocationsSince(undefined, T0)).revoked,
        keys: await backend.apiKeys().list(),
      }).toStrictEqual({ session, rotated: { outcome: 'rotated', session: { ...session, ...NEXT } }, revocations: [], keys: [] })
    } finally {
      await backend.close()
    }
  })
})

describe('TypeORM stores on a SQLite file locked by another connection', () => {
  let dir: string
  let dataSource: DataSource
  let other: Database
  const exec = (sql: string) => new Promise<void>((resolve, reject) => other.exec(sql, (error) => (error ? reject(error) : resolve())))
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-lock-'))
    dataSource = sqliteDataSource(join(dir, 'stores.sqlite'), { busyTimeout: 300 })
    await dataSource.initialize()
    other = new Database(join(dir, 'stores.sqlite'))
  })
  afterEach(async () => {
    await new Promise((resolve) => other.close(resolve))
    await dataSource.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  test('a write waits for the lock, and goes through when it is released within the busy timeout', async () => {
    const sessions = new TypeormSessionStore(dataSource)
    const session = newSession()
    const hash = newHash()
    await sessions.create(session, hash)
    await exec('BEGIN EXCLUSIVE')
    const rotation = sessions.rotate(hash, { nextHash: newHash(), ...NEXT }, T0)
    const early = await Promise.race([settle(rotation), after(100)])
    await exec('COMMIT')
    expect({ early, rotation: await rotation }).toStrictEqual({ early: 'pending', rotation: { outcome: 'rotated', session: { ...session, ...NEXT } } })
  })

  test('held past the busy timeout: writes reject with SQLITE_BUSY and change nothing; polls still answer (WAL)', async () => {
    const sessions = new TypeormSessionStore(dataSource)
    const challenges = new TypeormChallengeStore(dataSource)
    const keys = new TypeormApiKeyStore(dataSource)
    const session = newSession()
    const hash = newHash()
    await sessions.create(session, hash)
    await exec('BEGIN EXCLUSIVE')
    const writes = await Promise.allSettled([
      sessions.rotate(hash, { nextHash: newHash(), ...NEXT }, T0),
      sessions.revoke(session.sid, T0),
      challenges.put({ id: 'c', publicKeyZ32: 'k', caps: '', text: 't', expiresAt: T0 + HOUR }, T0),
      keys.create('chat', 'hash', T0),
    ])
    const poll = await sessions.revocationsSince(undefined, T0)
    await exec('COMMIT')
    const reasons = writes.map((w) => (w.status === 'rejected' && w.reason instanceof QueryFailedError ? (w.reason.driverError as { code: string }).code : w.status))
    expect({ reasons, poll: poll.revoked, after: await sessions.get(session.sid), rotated: (await sessions.rotate(hash, { nextHash: newHash(), ...NEXT }, T0)).outcome }).toStrictEqual({
      reasons: Array(4).fill('SQLITE_BUSY'),
      poll: [],
      after: session,
      rotated: 'rotated',
    })
  })
})
