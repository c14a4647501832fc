import { startPostgres } from './start-postgres'
import { workerShared } from './worker-shared'

/**
 * The PostgreSQL server the whole run shares: `JWT_HOOKS_TEST_POSTGRES_URL` when set (the global
 * setup and CI set it), else a server started once per test process, which ends with it.
 * Tests take their own database on it with `createDatabase()`.
 */
export async function sharedPostgresUrl(): Promise<string> {
  const fromEnv = process.env.JWT_HOOKS_TEST_POSTGRES_URL
  if (fromEnv) return fromEnv
  return (await workerShared('postgres', startPostgres)).url
}
