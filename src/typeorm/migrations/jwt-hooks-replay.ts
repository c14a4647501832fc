import type { MigrationInterface, QueryRunner } from 'typeorm'

import { onPostgres } from './on-postgres'

/**
 * The table of `TypeormReplayGuard` (used Pubky AuthTokens, shared by the instances on one
 * database) on PostgreSQL, as TypeORM's `migration:generate` wrote it from `UsedAuthToken`: the
 * schema `synchronize` makes.
 */
export class JwtHooksReplay1767225600003 implements MigrationInterface {
  name = 'JwtHooksReplay1767225600003'

  async up(runner: QueryRunner): Promise<void> {
    onPostgres(runner, this.name)
    await runner.query(
      'CREATE TABLE "auth_replay" ("id" character varying(128) NOT NULL, "expires_at" bigint NOT NULL, CONSTRAINT "PK_d5ab0bf464154a51b911abd7a4e" PRIMARY KEY ("id"))',
    )
    await runner.query('CREATE INDEX "IDX_339a43d7b6e6b972f8ecde88f6" ON "auth_replay" ("expires_at") ')
  }

  async down(runner: QueryRunner): Promise<void> {
    onPostgres(runner, this.name)
    await runner.query('DROP INDEX "IDX_339a43d7b6e6b972f8ecde88f6"')
    await runner.query('DROP TABLE "auth_replay"')
  }
}
