/** Real servers for tests: each started on 127.0.0.1, each ended with the test process at the latest. */
export { createDatabase, type TestDatabase } from './create-database'
export { sharedPostgresUrl } from './shared-postgres-url'
export { sharedRedisUrl } from './shared-redis-url'
export { startPostgres, type PostgresServer } from './start-postgres'
export { startRedis, type RedisServer, type RedisServerOptions } from './start-redis'
export { missingBinaryError } from './system-binaries'
