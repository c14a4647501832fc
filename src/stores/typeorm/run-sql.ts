import type { QueryRunner } from 'typeorm'

/** What a statement answers: its rows (a SELECT) and how many rows it changed (UPDATE, INSERT, DELETE). */
export interface SqlResult {
  rows: Record<string, unknown>[]
  affected: number
}

/**
 * Runs one statement written once for every database: `:name` parameters (the driver turns them
 * into `?` or `$1`), lower-case unquoted names of the store's tables and columns, SQL that SQLite
 * and PostgreSQL both read. Plain SQL rather than TypeORM's query builder: a rotation runs five
 * statements, and the builder costs more per statement than SQLite takes to run it.
 */
export async function runSql(runner: QueryRunner, text: string, parameters: Record<string, unknown> = {}): Promise<SqlResult> {
  const [query, values] = runner.connection.driver.escapeQueryWithParameters(text, parameters, {})
  const result = await runner.query(query, values, true)
  return { rows: result.records ?? [], affected: result.affected ?? 0 }
}
