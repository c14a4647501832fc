import { once } from 'node:events'

import { createRedisStores, type RedisStores } from '../../src/stores/redis'
import { startRedis, type RedisServer } from '../support/services'
import { within } from '../support/services/within'
import { heard } from './support/heard'
import { everyCall, outcomes } from './support/redis-traffic'
import { HOUR, T0, newHash, newSession } from './support/sessions'

const SETTLE_BOUND_MS = 10_000 // a hang, not a speed: the calls give up after commandTimeoutMs (300)
// What ioredis rejects with: offline (no queue), dropped in flight (no retry), or no answer in time.
const FAST_FAILURES = /^Error: (Stream isn't writeable and enableOfflineQueue options is false|Connection is closed\.|Reached the max retries per request limit \(which is 0\)\..*|Command timed out)$/

/** Two instances of an app on one Redis: `a` serves, `b` listens to revocations. */
function instances(redis: RedisServer) {
  const options = { url: redis.url, keyPrefix: 'faults:', commandTimeoutMs: 300, connectTimeoutMs: 300 }
  return [createRedisStores(options), createRedisStores(options)]
}

/** Resolves once the store's connection is up again (ready() would reject on a failed attempt). */
function reconnected(stores: RedisStores): Promise<unknown> {
  return stores.redis.status === 'ready' ? Promise.resolve() : once(stores.redis, 'ready')
}

/** b's subscription: what it heard, and its resync and lost events in order. */
function listen(b: RedisStores) {
  const events: string[] = []
  const revocations = heard()
  let resynced = () => undefined as void
  const waitForResync = () => new Promise<void>((resolve) => (resynced = resolve))
  const first = waitForResync()
  b.sessions.subscribe(revocations.listener, { onResync: () => (events.push('resync'), resynced()), onLost: () => events.push('lost') })
  return { events, revocations, first, waitForResync }
}

describe('Redis stopped mid-traffic: every call settles, rejecting with an error; after restart everything resumes', () => {
  let redis: RedisServer
  let a: RedisStores
  let b: RedisStores
  beforeAll(async () => {
    redis = await startRedis()
    ;[a, b] = instances(redis)
    await Promise.all([a.ready(), b.ready()])
  })
  afterAll(async () => {
    await Promise.all([a.close(), b.close()])
    await redis.stop()
  })

  test('in flight when it stops, and while it is down: every call of every store rejects; then a resync, and service as before', async () => {
    const b$ = listen(b)
    await b$.first
    const live = newSession()
    const hash = newHash()
    await a.sessions.create(live, hash)
    const flight = outcomes(Array.from({ length: 10 }, (_, i) => everyCall(a, i)).flat())
    let down: string[] = []
    const resync = b$.waitForResync()
    await redis.restart(async () => {
      await flight
      down = await outcomes(everyCall(a, 99))
    })
    await Promise.all([resync, reconnected(a)])
    // Restarted without persistence: the session is gone, and so its token is invalid.
    const revived = newSession()
    await a.sessions.create(revived, newHash())
    await a.sessions.revoke(revived.sid, T0)
    await b$.revocations.sid(revived.sid)
    expect({
      flight: (await flight).filter((o) => o !== 'fulfilled' && !FAST_FAILURES.test(o)),
      down: down.map((o) => FAST_FAILURES.test(o)),
      events: b$.events,
      rotated: await a.sessions.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0),
      after: await outcomes(everyCall(a, 100)),
      heard: b$.revocations.revocations.filter(({ sid }) => sid === revived.sid),
    }).toStrictEqual({
      flight: [],
      down: Array(15).fill(true),
      events: ['resync', 'lost', 'resync'],
      rotated: { outcome: 'invalid' },
      after: Array(15).fill('fulfilled'),
      heard: [{ sid: revived.sid, until: T0 + HOUR }],
    })
  })

  test('frozen (SIGSTOP): calls wait no longer than commandTimeoutMs; a rotation that timed out may still happen once Redis goes on', async () => {
    const session = newSession()
    const hash = newHash()
    await a.sessions.create(session, hash)
    process.kill(redis.pid, 'SIGSTOP')
    let frozen: string[]
    try {
      const calls = [a.sessions.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0), ...everyCall(a, 7)]
      const all = outcomes(calls)
      expect(await within(all, SETTLE_BOUND_MS)).toBe(true)
      frozen = await all
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
    // Redis ran the rotation when it went on: the client was told it timed out, and the token is spent.
    expect({
      frozen: [...new Set(frozen)],
      retry: await a.sessions.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0),
    }).toStrictEqual({ frozen: ['Error: Command timed out'], retry: { outcome: 'reused', sid: session.sid } })
  })
})

describe('Redis restarts: nothing revoked is forgotten, and a poller misses nothing', () => {
  test('with an append-only file (appendfsync always): revocations, sessions and refresh tokens are there after a restart; the cursor goes on', async () => {
    const redis = await startRedis({ appendOnly: true })
    const [a, b] = instances(redis)
    try {
      await Promise.all([a.ready(), b.ready()])
      const [revoked, live] = [newSession(), newSession()]
      const [revokedHash, liveHash] = [newHash(), newHash()]
      await a.sessions.create(revoked, revokedHash)
      await a.sessions.create(live, liveHash)
      await a.sessions.revoke(revoked.sid, T0)
      const before = await b.sessions.revocationsSince(undefined, T0)
      await redis.restart()
      await Promise.all([reconnected(a), reconnected(b)])
      expect({
        fromStart: (await b.sessions.revocationsSince(undefined, T0)).revoked,
        fromCursor: await b.sessions.revocationsSince(before.cursor, T0),
        session: await b.sessions.get(revoked.sid),
        revokedToken: await b.sessions.rotate(revokedHash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0),
        liveToken: (await b.sessions.rotate(liveHash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0)).outcome,
      }).toStrictEqual({
        fromStart: [{ sid: revoked.sid, until: T0 + HOUR }],
        fromCursor: { revoked: [], cursor: before.cursor, more: false },
        session: { ...revoked, revokedAt: T0 },
        revokedToken: { outcome: 'invalid' },
        liveToken: 'rotated',
      })
    } finally {
      await Promise.all([a.close(), b.close()])
      await redis.stop()
    }
  })

  test('restarted empty (no persistence): an old cursor reads the new log from its start, so a revocation made after the restart is not skipped', async () => {
    const redis = await startRedis()
    const [a, b] = instances(redis)
    try {
      await Promise.all([a.ready(), b.ready()])
      const before = newSession()
      await a.sessions.create(before, newHash())
      await a.sessions.revoke(before.sid, T0)
      const { cursor } = await b.sessions.revocationsSince(undefined, T0)
      await redis.restart()
      await Promise.all([reconnected(a), reconnected(b)])
      const after = newSession()
      await a.sessions.create(after, newHash())
      await a.sessions.revoke(after.sid, T0) // number 1 of the new log, as `before` was of the old one
      const page = await b.sessions.revocationsSince(cursor, T0)
      expect({ revoked: page.revoked, newEpoch: page.cursor !== cursor }).toStrictEqual({ revoked: [{ sid: after.sid, until: T0 + HOUR }], newEpoch: true })
    } finally {
      await Promise.all([a.close(), b.close()])
      await redis.stop()
    }
  })

  test('back on an older snapshot: a cursor past the counter reads the log from its start, so a revocation numbered again is not skipped', async () => {
    const redis = await startRedis()
    const [a, b] = instances(redis)
    try {
      await Promise.all([a.ready(), b.ready()])
      const [kept, lost, alsoLost, after] = [newSession(), newSession(), newSession(), newSession()]
      for (const session of [kept, lost, alsoLost]) await a.sessions.create(session, newHash())
      await a.sessions.revoke(kept.sid, T0)
      await a.redis.save() // the snapshot the restart loads: the log holds `kept`, number 1
      await a.sessions.revoke(lost.sid, T0)
      await a.sessions.revoke(alsoLost.sid, T0)
      const { cursor } = await b.sessions.revocationsSince(undefined, T0) // at number 3
      await redis.restart()
      await Promise.all([reconnected(a), reconnected(b)])
      await a.sessions.create(after, newHash())
      await a.sessions.revoke(after.sid, T0) // number 2 again, behind the cursor
      expect((await b.sessions.revocationsSince(cursor, T0)).revoked).toStrictEqual([
        { sid: kept.sid, until: T0 + HOUR },
        { sid: after.sid, until: T0 + HOUR },
      ])
    } finally {
      await Promise.all([a.close(), b.close()])
      await redis.stop()
    }
  })
})
