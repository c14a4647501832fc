import { startRedis } from './start-redis'
import { workerShared } from './worker-shared'

/**
 * The Redis the whole run shares: `JWT_HOOKS_TEST_REDIS_URL` when set (the global setup and CI
 * set it), else a redis-server started once per test process, which ends with it.
 * Tests sharing it use their own keys (a prefix per file) and never FLUSHALL.
 */
export async function sharedRedisUrl(): Promise<string> {
  const fromEnv = process.env.JWT_HOOKS_TEST_REDIS_URL
  if (fromEnv) return fromEnv
  return (await workerShared('redis', startRedis)).url
}
