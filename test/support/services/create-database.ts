import { randomBytes } from 'node:crypto'

import { runSql } from './run-sql'
import { sharedPostgresUrl } from './shared-postgres-url'

/** A new, empty database on the shared PostgreSQL server, for one test file. */
export interface TestDatabase {
  url: string
  name: string
  /** Drops it, ending any connection still open to it; safe to call twice. */
  drop(): Promise<void>
}

/**
 * Creates a database of the test file's own on the shared server; call `drop()` in `afterAll`
 * (databases left behind go with the server at the end of the run).
 * @example
 * const db = await createDatabase()
 * afterAll(() => db.drop())
 */
export async function createDatabase(): Promise<TestDatabase> {
  const serverUrl = await sharedPostgresUrl()
  const name = `test_${process.pid}_${randomBytes(6).toString('hex')}`
  await runSql(serverUrl, `CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  let dropped: Promise<void> | undefined
  return {
    url: url.toString(),
    name,
    drop() {
      // FORCE (PostgreSQL 13+): a pool the test forgot to close does not block the drop.
      dropped ??= runSql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      return dropped
    },
  }
}
