import { StatementMigration } from './statement-migration'

/**
 * The table of `KeyIdentity` (public-key sign-in) on PostgreSQL, as TypeORM's
 * `migration:generate` wrote it from that entity: the schema `synchronize` makes.
 */
export class JwtHooksIdentities1767225600002 extends StatementMigration {
  constructor() {
    super('JwtHooksIdentities1767225600002', UP, DOWN)
  }
}

const UP = [
  'CREATE TABLE "key_identity" ("public_key" character varying(52) NOT NULL, "created_at" TIMESTAMP NOT NULL, "last_sign_in_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_86afc1a60f2c87887cf32015f3a" PRIMARY KEY ("public_key"))',
]

const DOWN = ['DROP TABLE "key_identity"']
