import { startRedis } from '../support/services'
import { instances, reconnected } from './support/redis-instances'
import { HOUR, T0, newHash, newSession } from './support/sessions'

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
