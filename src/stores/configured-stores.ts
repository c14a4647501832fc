import type { DataSource } from 'typeorm'

import { getJwtConfig } from '../config/jwt-config'
import { REDIS_URL_NAME } from '../config/read-redis-config'
import type { ReplayGuard } from '../login/pubky/replay-guard'
import { requirePeers } from '../peers/require-peers'
import type { AttemptStore } from './attempt-store'
import type { ChallengeStore } from './challenge-store'
import { MemoryAttemptStore } from './memory/memory-attempt-store'
import type { RedisStores } from './redis/create-redis-stores'
import type { SessionStore } from './session-store'
import { TypeormChallengeStore } from './typeorm/typeorm-challenge-store'
import { TypeormReplayGuard } from './typeorm/typeorm-replay-guard'
import { TypeormSessionStore } from './typeorm/typeorm-session-store'

/** Where the state of sign-ins lives, as the configuration says. */
export interface ConfiguredStores {
  /** `redis` with `settings.jwt.redisUrl` (shared by every instance on it), else `database`. */
  kind: 'redis' | 'database'
  sessions: SessionStore
  challenges: ChallengeStore
  /** Login throttling: Redis, or this process's memory (one instance). */
  attempts: AttemptStore
  /** Pubky AuthTokens already used: Redis, or the TypeORM database (shared by the instances on it either way). */
  replayGuard: ReplayGuard
  /** Resolves once the stores can answer (Redis connected); rejects with the first failure. */
  ready(): Promise<void>
  /** Ends what these stores opened (the Redis connections); the DataSource stays the caller's. */
  close(): Promise<void>
}

/** What `configuredStores` may be told. */
export interface ConfiguredStoresOptions {
  /** Where the lines about a lost and a regained Redis go (default `console.error`). */
  log?: (line: string) => void
  /** Milliseconds a Redis command or connection attempt may take (default 2,000 each). */
  redisTimeoutMs?: number
}

/**
 * The one choice of stores for an app's sign-ins: with `settings.jwt.redisUrl`, sessions (with
 * refresh families and revoked sids), challenges, login attempts and used Pubky AuthTokens in that
 * Redis, under `settings.jwt.redisKeyPrefix`; without it, sessions, challenges and used AuthTokens
 * in the TypeORM database, attempts in memory. Users, identities, API keys and permissions
 * stay in the database either way.
 * @param dataSource the stores' DataSource (`createStoreDataSource`), opened before the first call.
 * @throws Error naming ioredis when Redis is configured and it is not installed.
 * @example
 * const stores = configuredStores(storeDataSource)
 * const sessions = createSessions({ store: stores.sessions, apiKeys: new TypeormApiKeyStore(storeDataSource) })
 * await stores.ready()
 */
export function configuredStores(dataSource: DataSource, { log = (line) => console.error(line), redisTimeoutMs }: ConfiguredStoresOptions = {}): ConfiguredStores {
  const { redisUrl, redisKeyPrefix } = getJwtConfig()
  if (redisUrl === undefined) {
    return {
      kind: 'database',
      sessions: new TypeormSessionStore(dataSource),
      challenges: new TypeormChallengeStore(dataSource),
      attempts: new MemoryAttemptStore(),
      replayGuard: new TypeormReplayGuard(dataSource),
      ready: () => Promise.resolve(),
      close: () => Promise.resolve(),
    }
  }
  requirePeers(`"${REDIS_URL_NAME}" (sessions, challenges and login attempts in Redis)`, ['ioredis'])
  // Loaded only now: an app without Redis never loads the Redis stores nor ioredis.
  const { createRedisStores } = require('./redis/create-redis-stores') as typeof import('./redis/create-redis-stores')
  const outage = createOutageLog(log)
  const redis: RedisStores = createRedisStores({
    url: redisUrl,
    keyPrefix: redisKeyPrefix,
    commandTimeoutMs: redisTimeoutMs,
    connectTimeoutMs: redisTimeoutMs,
    onError: outage.lost,
  })
  redis.redis.on('ready', outage.regained)
  const { sessions, challenges, attempts, replayGuard } = redis
  return { kind: 'redis', sessions, challenges, attempts, replayGuard, ready: () => redis.ready(), close: () => redis.close() }
}

/**
 * One line when Redis is lost and one when it is back: ioredis reports every failed retry, and a
 * line per retry would flood the log. The error names the address and the cause, never the URL's
 * password.
 */
function createOutageLog(log: (line: string) => void): { lost: (error: Error) => void; regained: () => void } {
  let down = false
  return {
    lost(error) {
      if (down) return
      down = true
      log(`jwt-hooks: Redis is unreachable (${error.message}); sign-in, refresh, logout and minting answer 503 until it is back`)
    },
    regained() {
      if (!down) return
      down = false
      log('jwt-hooks: Redis is reachable again')
    },
  }
}
