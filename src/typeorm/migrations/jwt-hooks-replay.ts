import { StatementMigration } from './statement-migration'

/**
 * The table of `TypeormReplayGuard` (used Pubky AuthTokens, shared by the instances on one
 * database) on PostgreSQL, as TypeORM's `migration:generate` wrote it from `UsedAuthToken`: the
 * schema `synchronize` makes.
 */
export class JwtHooksReplay1767225600003 extends StatementMigration {
  constructor() {
    super('JwtHooksReplay1767225600003', UP, DOWN)
  }
}

const UP = [
  'CREATE TABLE "auth_replay" ("id" character varying(128) NOT NULL, "expires_at" bigint NOT NULL, CONSTRAINT "PK_d5ab0bf464154a51b911abd7a4e" PRIMARY KEY ("id"))',
  'CREATE INDEX "IDX_339a43d7b6e6b972f8ecde88f6" ON "auth_replay" ("expires_at") ',
]

const DOWN = ['DROP INDEX "IDX_339a43d7b6e6b972f8ecde88f6"', 'DROP TABLE "auth_replay"']
