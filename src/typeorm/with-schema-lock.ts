import type { DataSource } from 'typeorm'

// One key for every process of jwt-hooks on a database (an arbitrary 64-bit number, its own).
const SCHEMA_LOCK_KEY = '7307286351003117'
const WAIT_SECONDS = 60

/**
 * Runs `work` (migrations, synchronize) holding a PostgreSQL advisory lock on the database, so
 * that instances starting together make the schema one after the other: the second finds the
 * migrations run (or the tables in sync) instead of failing on a `CREATE TABLE` the first made.
 * Waits at most 60 s for the lock, then throws; the lock goes with the connection if the process dies.
 * @param dataSource an initialized PostgreSQL DataSource.
 * @param work what to do under the lock.
 */
export async function withSchemaLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner()
  try {
    // A session lock, held past the COMMIT: the transaction only scopes the wait's bound.
    await runner.query('BEGIN')
    try {
      await runner.query(`SET LOCAL lock_timeout = '${WAIT_SECONDS}s'`)
      await runner.query(`SELECT pg_advisory_lock(${SCHEMA_LOCK_KEY})`)
      await runner.query('COMMIT')
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined)
      if ((error as { driverError?: { code?: string } }).driverError?.code === '55P03') {
        throw new Error(`another process has held the schema lock (pg_advisory_lock(${SCHEMA_LOCK_KEY})) for ${WAIT_SECONDS} s`)
      }
      throw error
    }
    try {
      return await work()
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${SCHEMA_LOCK_KEY})`).catch(() => undefined)
    }
  } finally {
    await runner.release()
  }
}
