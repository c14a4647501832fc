import type { MigrationInterface, QueryRunner } from 'typeorm'

import { onPostgres } from './on-postgres'

/**
 * The table of `KeyIdentity` (public-key sign-in) on PostgreSQL, as TypeORM's
 * `migration:generate` wrote it from that entity: the schema `synchronize` makes.
 */
export class JwtHooksIdentities1767225600002 implements MigrationInterface {
  name = 'JwtHooksIdentities1767225600002'

  async up(runner: QueryRunner): Promise<void> {
    onPostgres(runner, this.name)
    await runner.query(
      'CREATE TABLE "key_identity" ("public_key" character varying(52) NOT NULL, "created_at" TIMESTAMP NOT NULL, "last_sign_in_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_86afc1a60f2c87887cf32015f3a" PRIMARY KEY ("public_key"))',
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    onPostgres(runner, this.name)
    await runner.query('DROP TABLE "key_identity"')
  }
}
