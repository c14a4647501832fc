/**
 * `jwt-hooks/redis`: the Redis stores for an app of many instances on Express, Koa, Fastify or
 * node:http, without FoalTS, TypeORM or `settings.jwt.redisUrl`; and `createSessions` to put the
 * sessions on them (the package root, which also has it, needs FoalTS and TypeORM).
 * @example
 * const { createRedisStores, createSessions } = require('jwt-hooks/redis')
 * const stores = createRedisStores({ url: process.env.REDIS_URL, keyPrefix: 'shop:' })
 * const sessions = createSessions({ store: stores.sessions })
 * await stores.ready()
 * await sessions.ready()
 */
import { requirePeers } from '../peers/require-peers'

// Resolved, not loaded: ioredis is required once `createRedisStores` makes a connection.
requirePeers('jwt-hooks/redis (the Redis stores)', ['ioredis'])

export {
  createRedisStores,
  RedisSessionStore,
  RedisChallengeStore,
  RedisAttemptStore,
  RedisReplayGuard,
  redisConnectionOptions,
  type RedisStores,
  type RedisStoresOptions,
  type RedisSessionStoreOptions,
  type RedisChallengeStoreOptions,
  type RedisAttemptStoreOptions,
  type RedisReplayGuardOptions,
  type RedisStoreOptions,
  type RedisTimeouts,
  type SubscribeOptions,
} from '../stores/redis'
export { createSessions, Sessions } from '../tokens/sessions'
export type { SessionsOptions } from '../tokens/check-sessions-options'
export type { Tokens, SessionGrant } from '../tokens/tokens'
export type { SessionStore, StoredSession, Revocation } from '../stores/session-store'
export type { ChallengeStore } from '../stores/challenge-store'
export type { AttemptStore } from '../stores/attempt-store'
export type { ReplayGuard } from '../login/pubky/replay-guard'
