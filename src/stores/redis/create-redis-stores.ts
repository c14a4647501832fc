import type { Redis } from 'ioredis'

import type { ChallengeStoreOptions } from '../check-challenge-store-options'
import type { SessionStoreOptions } from '../check-session-store-options'
import type { AttemptStoreOptions } from '../check-attempt-store-options'
import { checkRedisStoreOptions, type RedisStoreOptions } from './check-redis-store-options'
import { RedisAttemptStore } from './redis-attempt-store'
import { RedisChallengeStore } from './redis-challenge-store'
import { redisConnectionOptions, type RedisTimeouts } from './redis-connection-options'
import { RedisReplayGuard } from './redis-replay-guard'
import { RedisSessionStore } from './redis-session-store'

/** Options of `createRedisStores`. */
export interface RedisStoresOptions extends RedisStoreOptions, RedisTimeouts {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS (`settings.jwt.redisUrl`). */
  url: string
  sessions?: SessionStoreOptions
  challenges?: ChallengeStoreOptions
  attempts?: AttemptStoreOptions
  /** Told of each connection error (a lost or refused connection; ioredis retries for ever). Default: nothing. */
  onError?: (error: Error) => void
}

/** The Redis stores on one connection. */
export interface RedisStores {
  sessions: RedisSessionStore
  challenges: RedisChallengeStore
  attempts: RedisAttemptStore
  /** Pubky AuthTokens already used (`createKeySignIn`'s `replayGuard`). */
  replayGuard: RedisReplayGuard
  /** The connection (for a health check); `close()` ends it. */
  redis: Redis
  /** Resolves once connected; rejects with the error of the first attempt that fails (ioredis keeps trying). */
  ready(): Promise<void>
  /** Ends the connections, the subscriber's included. */
  close(): Promise<void>
}

/**
 * Sessions, challenges, login attempts and used Pubky AuthTokens in one Redis, for many instances
 * of an app (`settings.jwt.redisUrl`). Returns at once; until the connection is up, and whenever Redis is
 * unreachable, every call rejects within `commandTimeoutMs` (the routes answer 503).
 * @example
 * const stores = createRedisStores({ url: 'redis://127.0.0.1:6379', keyPrefix: 'shop:' })
 * await stores.ready()
 * @throws TypeError for a bad option; Error when the optional dependency ioredis is not installed.
 */
export function createRedisStores({ url, sessions, challenges, attempts, onError, commandTimeoutMs, connectTimeoutMs, ...common }: RedisStoresOptions): RedisStores {
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) throw new TypeError('jwt-hooks: "url" must be a redis:// or rediss:// URL')
  if (onError !== undefined && typeof onError !== 'function') throw new TypeError('jwt-hooks: "onError" must be a function')
  checkRedisStoreOptions(common)
  const connection = redisConnectionOptions({ commandTimeoutMs, connectTimeoutMs })
  const redis = new (loadIoredis())(url, connection)
  redis.on('error', (error: Error) => onError?.(error))
  const stores = {
    sessions: new RedisSessionStore(redis, { ...sessions, ...common }),
    challenges: new RedisChallengeStore(redis, { ...challenges, ...common }),
    attempts: new RedisAttemptStore(redis, { ...attempts, ...common }),
    replayGuard: new RedisReplayGuard(redis, common),
  }
  return {
    ...stores,
    redis,
    ready: () => connected(redis),
    async close() {
      await stores.sessions.close()
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect())
      else redis.disconnect()
    },
  }
}

function loadIoredis(): typeof Redis {
  try {
    return (require('ioredis') as typeof import('ioredis')).Redis
  } catch {
    throw new Error('jwt-hooks: the Redis stores need the package ioredis (npm install ioredis)')
  }
}

function connected(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      redis.off('ready', onReady).off('error', onFailure).off('end', onEnd)
      if (error) reject(error)
      else resolve()
    }
    const onReady = () => settle()
    const onFailure = (error: Error) => settle(error)
    const onEnd = () => settle(new Error('jwt-hooks: the Redis connection was closed'))
    redis.on('ready', onReady).on('error', onFailure).on('end', onEnd)
  })
}
