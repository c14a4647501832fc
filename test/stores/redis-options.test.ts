import { randomBytes } from 'node:crypto'

import { Redis } from 'ioredis'

import { createRedisStores, RedisAttemptStore, RedisChallengeStore, RedisSessionStore, redisConnectionOptions } from '../../src/stores/redis'
import { sharedRedisUrl } from '../support/services'

// Never connected: the constructors check their options before any command.
const redis = new Redis({ lazyConnect: true })

describe('Redis store options: a bad one throws a TypeError naming it, at construction', () => {
  test.each([
    ['keyPrefix', () => new RedisSessionStore(redis, { keyPrefix: '' }), 'jwt-hooks: "keyPrefix" must be a string of 1 to 100 characters'],
    ['ttlMarginMs', () => new RedisChallengeStore(redis, { ttlMarginMs: -1 }), 'jwt-hooks: "ttlMarginMs" must be a whole number >= 0'],
    ['revocationPageSize', () => new RedisSessionStore(redis, { revocationPageSize: 0 }), 'jwt-hooks: "revocationPageSize" must be a whole number >= 1'],
    ['maxPerKey', () => new RedisChallengeStore(redis, { maxPerKey: 0 }), 'jwt-hooks: "maxPerKey" must be a whole number >= 1'],
    ['freeAttempts', () => new RedisAttemptStore(redis, { freeAttempts: 0 }), 'jwt-hooks: "freeAttempts" must be a whole number >= 1'],
    ['url', () => createRedisStores({ url: 'http://127.0.0.1:6379' }), 'jwt-hooks: "url" must be a redis:// or rediss:// URL'],
    ['url and client', () => createRedisStores({ url: 'redis://127.0.0.1:1', client: redis }), 'jwt-hooks: createRedisStores takes one of "url" and "client"'],
    ['neither url nor client', () => createRedisStores({}), 'jwt-hooks: createRedisStores takes one of "url" and "client"'],
    ['client', () => createRedisStores({ client: 'redis://127.0.0.1:1' as never }), 'jwt-hooks: "client" must be an ioredis connection (new Redis(url, redisConnectionOptions()))'],
    ['commandTimeoutMs', () => createRedisStores({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 0 }), 'jwt-hooks: "commandTimeoutMs" must be a whole number >= 1'],
    ['onError', () => createRedisStores({ url: 'redis://127.0.0.1:1', onError: 'log' as never }), 'jwt-hooks: "onError" must be a function'],
    ['listener', () => new RedisSessionStore(redis).subscribe('nope' as never), 'jwt-hooks: "listener" must be a function'],
    ['onResync', () => new RedisSessionStore(redis).subscribe(() => undefined, { onResync: 1 as never }), 'jwt-hooks: "onResync" must be a function'],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(new TypeError(message))
  })

  test('a cursor the store never gave, and a time that is not one, reject with a TypeError', async () => {
    const store = new RedisSessionStore(redis)
    await expect(store.revocationsSince('12', 0)).rejects.toStrictEqual(new TypeError('jwt-hooks: "cursor" must be a cursor this store returned'))
    await expect(store.revoke('sid', Number.NaN)).rejects.toStrictEqual(new TypeError('jwt-hooks: "now" must be milliseconds since the epoch'))
  })
})

describe('createRedisStores on a connection of the app\'s (client)', () => {
  test('the stores work on it (a session created and revoked, the revocation told to a listener); close() leaves the client open', async () => {
    const url = process.env.JWT_HOOKS_TEST_REDIS_URL ?? (await sharedRedisUrl())
    const client = new Redis(url, { ...redisConnectionOptions(), lazyConnect: true })
    await client.connect()
    const keyPrefix = `client-${randomBytes(6).toString('hex')}:`
    const stores = createRedisStores({ client, keyPrefix })
    try {
      await stores.ready()
      const heard: string[] = []
      stores.sessions.subscribe((revocation) => heard.push(revocation.sid))
      const now = Date.now()
      await stores.sessions.create({ sid: 'sid-1', sub: 'u', createdAt: now, expiresAt: now + 60_000, accessExpiresAt: now + 60_000 }, 'hash-1')
      expect({ revoked: await stores.sessions.revoke('sid-1', now), same: stores.redis === client }).toStrictEqual({ revoked: true, same: true })
      await new Promise((resolve) => setImmediate(resolve))
      await stores.close()
      expect({ heard, status: client.status, ping: await client.ping() }).toStrictEqual({ heard: ['sid-1'], status: 'ready', ping: 'PONG' })
    } finally {
      const keys = await client.keys(`${keyPrefix}*`)
      if (keys.length > 0) await client.del(...keys)
      client.disconnect()
    }
  })
})
