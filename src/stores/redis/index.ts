// The Redis stores (they load ioredis, an optional dependency: nothing else of the package does).
export { createRedisStores, type RedisStores, type RedisStoresOptions } from './create-redis-stores'
export { RedisSessionStore, type RedisSessionStoreOptions } from './redis-session-store'
export { RedisChallengeStore, type RedisChallengeStoreOptions } from './redis-challenge-store'
export { RedisAttemptStore, type RedisAttemptStoreOptions } from './redis-attempt-store'
export { RedisReplayGuard, type RedisReplayGuardOptions } from './redis-replay-guard'
export { redisConnectionOptions, type RedisTimeouts } from './redis-connection-options'
export type { RedisStoreOptions } from './check-redis-store-options'
export type { SubscribeOptions } from './revocation-feed'
