import { randomBytes } from 'node:crypto'

import { Redis } from 'ioredis'

import type { ApiKeyStore } from '../../../src/stores'
import { RedisAttemptStore, RedisChallengeStore, RedisSessionStore, redisConnectionOptions } from '../../../src/stores/redis'
import type { RedisAttemptStoreOptions, RedisChallengeStoreOptions, RedisSessionStoreOptions } from '../../../src/stores/redis'

/** The Redis stores of one test on a prefix of their own, and what a test inspects them with. */
export interface RedisBackend {
  redis: Redis
  keyPrefix: string
  sessions(options?: RedisSessionStoreOptions): RedisSessionStore
  challenges(options?: RedisChallengeStoreOptions): RedisChallengeStore
  attempts(options?: RedisAttemptStoreOptions): RedisAttemptStore
  apiKeys(): ApiKeyStore
  /** Every key under the prefix. */
  keys(): Promise<string[]>
  /** Ends the stores' subscribers, deletes the prefix's keys, closes the connection. */
  close(): Promise<void>
}

/** A new connection to `url` with the stores' options (bounded waits), connected. */
export async function connectRedis(url: string, overrides: Record<string, unknown> = {}): Promise<Redis> {
  const redis = new Redis(url, { ...redisConnectionOptions(), lazyConnect: true, ...overrides })
  redis.on('error', () => undefined)
  await redis.connect()
  return redis
}

/** Quits while connected (a disconnect() while reconnecting is the only way to stop retries). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit()
  else redis.disconnect()
}

/** The stores on a fresh prefix of a Redis: a backend that starts empty, as the others do. */
export async function openRedisBackend(url: string, keyPrefix = `test:${randomBytes(6).toString('hex')}:`): Promise<RedisBackend> {
  const redis = await connectRedis(url)
  const sessionStores: RedisSessionStore[] = []
  const keys = async () => {
    const found: string[] = []
    let cursor = '0'
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000)
      found.push(...batch)
      cursor = next
    } while (cursor !== '0')
    return found.sort()
  }
  return {
    redis,
    keyPrefix,
    sessions(options) {
      const store = new RedisSessionStore(redis, { keyPrefix, ...options })
      sessionStores.push(store)
      return store
    },
    challenges: (options) => new RedisChallengeStore(redis, { keyPrefix, ...options }),
    attempts: (options) => new RedisAttemptStore(redis, { keyPrefix, ...options }),
    apiKeys() {
      throw new Error('API keys stay in the TypeORM database: there is no Redis ApiKeyStore')
    },
    keys,
    async close() {
      await Promise.all(sessionStores.map((store) => store.close()))
      if (redis.status === 'ready') {
        const left = await keys()
        if (left.length > 0) await redis.del(...left)
      }
      await closeRedis(redis)
    },
  }
}
