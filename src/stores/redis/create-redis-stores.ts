import type { Redis } from 'ioredis'

import { requirePeers } from '../../peers/require-peers'
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
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS (`settings.jwt.redisUrl`); or give `client`. */
  url?: string
  /**
   * An ioredis connection of the app's, instead of `url`: the stores use it (and a duplicate of
   * it for pub/sub) and `close()` leaves it open. Make it with `redisConnectionOptions()`, or a
   * call may wait on Redis for ever rather than answer 503; the timeout options do not apply to it.
   */
  client?: Redis
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
  /** The connection (for a health check); `close()` ends it unless it was the caller's `client`. */
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
 * @throws TypeError for a bad option; Error (`JWT_HOOKS_MISSING_PEER`) when the optional dependency ioredis is not installed.
 */
export function createRedisStores({ url, client, sessions, challenges, attempts, onError, commandTimeoutMs, connectTimeoutMs, ...common }: RedisStoresOptions): RedisStores {
  if ((url === undefined) === (client === undefined)) throw new TypeError('jwt-hooks: createRedisStores takes one of "url" and "client"')
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) throw new TypeError('jwt-hooks: "url" must be a redis:// or rediss:// URL')
  if (client !== undefined && !isConnection(client)) throw new TypeError('jwt-hooks: "client" must be an ioredis connection (new Redis(url, redisConnectionOptions()))')
  if (onError !== undefined && typeof onError !== 'function') throw new TypeError('jwt-hooks: "onError" must be a function')
  checkRedisStoreOptions(common)
  const connection = redisConnectionOptions({ commandTimeoutMs, connectTimeoutMs })
  const redis = client ?? new (loadIoredis())(url!, connection)
  // Our connection's errors go to onError alone; the caller's client keeps its own listeners.
  if (client === undefined || onError !== undefined) redis.on('error', (error: Error) => onError?.(error))
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
      if (client !== undefined) return
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect())
      else redis.disconnect()
    },
  }
}

function loadIoredis(): typeof Redis {
  requirePeers('the Redis stores (createRedisStores)', ['ioredis'])
  return (require('ioredis') as typeof import('ioredis')).Redis
}

function isConnection(client: unknown): client is Redis {
  const candidate = client as Partial<Record<'defineCommand' | 'duplicate' | 'on', unknown>> | null
  return typeof candidate === 'object' && candidate !== null && ['defineCommand', 'duplicate', 'on'].every((name) => typeof candidate[name as 'on'] === 'function')
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
