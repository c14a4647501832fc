import type { Redis } from 'ioredis'

import { RedisSessionStore } from '../../src/stores/redis'
import { sharedRedisUrl } from '../support/services'
import { heard } from './support/heard'
import { closeRedis, connectRedis, openRedisBackend, type RedisBackend } from './support/redis-backend'
import { HOUR, T0, newHash, newSession } from './support/sessions'

// Two stores on two connections and one prefix: two instances of one app.
describe('Redis revocation fan-out between instances (pub/sub)', () => {
  let backend: RedisBackend
  let other: Redis
  let a: RedisSessionStore
  let b: RedisSessionStore
  beforeEach(async () => {
    backend = await openRedisBackend(await sharedRedisUrl())
    other = await connectRedis(await sharedRedisUrl())
    a = backend.sessions()
    b = new RedisSessionStore(other, { keyPrefix: backend.keyPrefix })
  })
  afterEach(async () => {
    await b.close()
    await closeRedis(other)
    await backend.close()
  })
  const subscribed = (store: RedisSessionStore, listener: ReturnType<typeof heard>) =>
    new Promise<void>((onResync) => store.subscribe(listener.listener, { onResync }))
  async function signIn(store: RedisSessionStore) {
    const session = newSession()
    const hash = newHash()
    await store.create(session, hash)
    return { ...session, hash }
  }

  test("a revocation on one instance reaches the other's listener; every listener hears each revocation once", async () => {
    const [heardA, heardB] = [heard(), heard()]
    await Promise.all([subscribed(a, heardA), subscribed(b, heardB)])
    const [s1, s2, s3, s4] = [await signIn(a), await signIn(a), await signIn(b), await signIn(b)]
    await b.revoke(s1.sid, T0)
    await heardA.sid(s1.sid)
    await a.rotate(s2.hash, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0)
    await a.rotate(s2.hash, { nextHash: newHash(), accessExpiresAt: T0 + 3 * HOUR }, T0) // reuse
    await heardB.sid(s2.sid)
    await b.revokeByRefresh(s3.hash, T0)
    await heardA.sid(s3.sid)
    // Last, one from each side: heard by the other after any echo of the earlier ones.
    await a.revoke(s4.sid, T0)
    await heardB.sid(s4.sid)
    const expected = [
      { sid: s1.sid, until: T0 + HOUR },
      { sid: s2.sid, until: T0 + 2 * HOUR },
      { sid: s3.sid, until: T0 + HOUR },
      { sid: s4.sid, until: T0 + HOUR },
    ]
    const sentinel = await signIn(b)
    await b.revoke(sentinel.sid, T0)
    await heardA.sid(sentinel.sid)
    const all = [...expected, { sid: sentinel.sid, until: T0 + HOUR }]
    expect({ a: heardA.revocations, b: heardB.revocations }).toStrictEqual({ a: all, b: all })
  })

  test('onResync at once for a subscriber that comes after the subscription is up; one subscriber connection per store', async () => {
    await subscribed(a, heard())
    await subscribed(a, heard())
    expect(await backend.redis.pubsub('NUMSUB', `${backend.keyPrefix}revocations`)).toStrictEqual([`${backend.keyPrefix}revocations`, 1])
  })

  test('subscribe, then poll from the cursor on each resync: every revocation, made before, during or after the subscription, is known', async () => {
    const sessions = []
    for (let i = 0; i < 60; i++) sessions.push(await signIn(b))
    const known = new Set<string>()
    let cursor: string | undefined
    const poll = async () => {
      for (let more = true; more; ) {
        const page = await a.revocationsSince(cursor, T0)
        for (const { sid } of page.revoked) known.add(sid)
        ;({ cursor, more } = page)
      }
    }
    // The other instance revokes while this one subscribes: some come before the subscription is up.
    const revoking = (async () => {
      for (const { sid } of sessions) await b.revoke(sid, T0)
    })()
    const listener = heard()
    const resynced = new Promise<void>((resolve, reject) => {
      a.subscribe((revocation) => (known.add(revocation.sid), listener.listener(revocation)), { onResync: () => poll().then(resolve, reject) })
    })
    await Promise.all([revoking, resynced])
    const sentinel = await signIn(b)
    await b.revoke(sentinel.sid, T0)
    await listener.sid(sentinel.sid)
    expect([...known].sort()).toStrictEqual([...sessions, sentinel].map(({ sid }) => sid).sort())
  })
})
