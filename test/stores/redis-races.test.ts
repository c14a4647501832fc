import { randomBytes } from 'node:crypto'

import type { Redis } from 'ioredis'

import { RedisAttemptStore, RedisChallengeStore, RedisSessionStore } from '../../src/stores/redis'
import { sharedRedisUrl } from '../support/services'
import { closeRedis, connectRedis, openRedisBackend, type RedisBackend } from './support/redis-backend'
import { HOUR, T0, newHash, newSession } from './support/sessions'

const count = (outcomes: string[]) => outcomes.reduce<Record<string, number>>((all, o) => ({ ...all, [o]: (all[o] ?? 0) + 1 }), {})
/** Alternates the calls between the two stores: each is on its own connection. */
const spread = <S, T>(stores: [S, S], n: number, call: (store: S, i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => call(stores[i % 2], i)))

// Two connections stand for two instances: Redis decides every race, whatever connection a call comes by.
describe('Redis races across connections: every race decided once in Redis', () => {
  let backend: RedisBackend
  let other: Redis
  beforeEach(async () => {
    backend = await openRedisBackend(await sharedRedisUrl())
    other = await connectRedis(await sharedRedisUrl())
  })
  afterEach(async () => {
    await closeRedis(other)
    await backend.close()
  })
  test('50 parallel rotations of one token through two connections: exactly one rotated, 49 reused, the session revoked', async () => {
    const stores: [RedisSessionStore, RedisSessionStore] = [backend.sessions(), new RedisSessionStore(other, { keyPrefix: backend.keyPrefix })]
    const session = newSession()
    const hash = newHash()
    await stores[0].create(session, hash)
    const results = await spread(stores, 50, (store) => store.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0 + HOUR))
    expect({ outcomes: count(results.map((r) => r.outcome)), revokedAt: (await stores[1].get(session.sid))?.revokedAt }).toStrictEqual({
      outcomes: { rotated: 1, reused: 49 },
      revokedAt: T0 + HOUR,
    })
    await stores[1].close()
  })

  test('20 parallel takes of one challenge through two connections: exactly one gets it', async () => {
    const stores: [RedisChallengeStore, RedisChallengeStore] = [backend.challenges(), new RedisChallengeStore(other, { keyPrefix: backend.keyPrefix })]
    const challenge = { id: randomBytes(16).toString('base64url'), publicKeyZ32: 'key-a', caps: '', text: 'sign me', expiresAt: T0 + HOUR }
    await stores[0].put(challenge, T0)
    const results = await spread(stores, 20, (store) => store.take(challenge.id, T0))
    expect(results.filter((r) => r !== undefined)).toStrictEqual([challenge])
  })

  test('parallel challenge puts for one key through two connections never pass the bound', async () => {
    const stores: [RedisChallengeStore, RedisChallengeStore] = [backend.challenges({ maxPerKey: 3 }), new RedisChallengeStore(other, { keyPrefix: backend.keyPrefix, maxPerKey: 3 })]
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => stores[i % 2].put({ id: `c${i}`, publicKeyZ32: 'key-a', caps: '', text: 't', expiresAt: T0 + HOUR }, T0)),
    )
    expect(count(results.map((r) => r.status))).toStrictEqual({ fulfilled: 3, rejected: 17 })
  })

  test('60 parallel attempts at one account through two connections: never more than the free attempts counted', async () => {
    const stores: [RedisAttemptStore, RedisAttemptStore] = [backend.attempts(), new RedisAttemptStore(other, { keyPrefix: backend.keyPrefix })]
    const answers = await spread(stores, 60, (store, i) => store.take(['email:victim@example.com', `ip:198.51.100.${i}`], T0))
    expect(count(answers.map((a) => (a.taken ? 'taken' : a.reason)))).toStrictEqual({ taken: 5, throttled: 55 })
  })
})
