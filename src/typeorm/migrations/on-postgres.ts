import type { QueryRunner } from 'typeorm'

/** The package's migrations are PostgreSQL's SQL: on another database, say so before any statement. */
export function onPostgres(runner: QueryRunner, name: string): void {
  const { type } = runner.connection.options
  if (type !== 'postgres') throw new Error(`jwt-hooks: the migration ${name} is for PostgreSQL, not ${type}; on SQLite use "synchronize": true`)
}
