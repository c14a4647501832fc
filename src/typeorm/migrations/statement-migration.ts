import type { MigrationInterface, QueryRunner } from 'typeorm'

import { onPostgres } from './on-postgres'

/**
 * A PostgreSQL migration that is two lists of statements: `up` runs the first in order, `down`
 * the second. Each of the package's migrations extends it with its own name (TypeORM's record of
 * it, with the timestamp: never renamed) and lists; this file is not one (not `jwt-hooks-*`).
 * @example
 * export class JwtHooksThings1767225600003 extends StatementMigration {
 *   constructor() {
 *     super('JwtHooksThings1767225600003', ['CREATE TABLE "thing" (…)'], ['DROP TABLE "thing"'])
 *   }
 * }
 */
export class StatementMigration implements MigrationInterface {
  constructor(
    readonly name: string,
    private readonly upStatements: readonly string[],
    private readonly downStatements: readonly string[],
  ) {}

  async up(runner: QueryRunner): Promise<void> {
    onPostgres(runner, this.name)
    for (const statement of this.upStatements) await runner.query(statement)
  }

  async down(runner: QueryRunner): Promise<void> {
    onPostgres(runner, this.name)
    for (const statement of this.downStatements) await runner.query(statement)
  }
}
