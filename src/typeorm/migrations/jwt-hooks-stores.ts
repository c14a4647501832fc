import { StatementMigration } from './statement-migration'

/**
 * The tables of the TypeORM stores (`STORE_ENTITIES`: sessions, refresh tokens, counters,
 * challenges, API keys) on PostgreSQL, as TypeORM's `migration:generate` wrote them from those
 * entities: the schema `synchronize` makes.
 */
export class JwtHooksStores1767225600001 extends StatementMigration {
  constructor() {
    super('JwtHooksStores1767225600001', UP, DOWN)
  }
}

const UP = [
  'CREATE TABLE "auth_api_key" ("name" character varying(255) NOT NULL, "key_hash" character varying(128) NOT NULL, "created_at" bigint NOT NULL, "revoked_at" bigint, CONSTRAINT "PK_ba7789079cf6048c2934293a692" PRIMARY KEY ("name"))',
  'CREATE UNIQUE INDEX "IDX_8a3e9a114718830fa25d6ef306" ON "auth_api_key" ("key_hash") ',
  'CREATE TABLE "auth_challenge" ("id" character varying(128) NOT NULL, "public_key" character varying(64) NOT NULL, "caps" text NOT NULL, "text" text NOT NULL, "expires_at" bigint NOT NULL, CONSTRAINT "PK_afd9a8cbeb610e138f30e769eb4" PRIMARY KEY ("id"))',
  'CREATE INDEX "IDX_3cc9a126ddd4982ce6e0562281" ON "auth_challenge" ("public_key") ',
  'CREATE INDEX "IDX_9f8def60d62b9ee13e8840137b" ON "auth_challenge" ("expires_at") ',
  'CREATE TABLE "auth_session" ("sid" character varying(64) NOT NULL, "sub" character varying(255) NOT NULL, "caps" text, "claims" text, "created_at" bigint NOT NULL, "expires_at" bigint NOT NULL, "access_expires_at" bigint NOT NULL, "revoked_at" bigint, "revoked_seq" bigint, CONSTRAINT "PK_c0657c47c2edff2162c809a9094" PRIMARY KEY ("sid"))',
  'CREATE INDEX "IDX_df10a7189e774abfec82eb409c" ON "auth_session" ("expires_at") ',
  'CREATE UNIQUE INDEX "IDX_6d309f51f753a1d1e620d4aed7" ON "auth_session" ("revoked_seq") ',
  'CREATE TABLE "auth_refresh_token" ("hash" character varying(128) NOT NULL, "sid" character varying(64) NOT NULL, "created_at" bigint NOT NULL, "spent_at" bigint, CONSTRAINT "PK_090ac7cb8b8bdfbeebcdc67b7a7" PRIMARY KEY ("hash"))',
  'CREATE INDEX "IDX_8cea9a0cc86ade68c67f337225" ON "auth_refresh_token" ("sid") ',
  'CREATE TABLE "auth_store_counter" ("name" character varying(64) NOT NULL, "value" bigint NOT NULL, CONSTRAINT "PK_e40a16e0b85e0d4a6afebb4d1bd" PRIMARY KEY ("name"))',
]

const DOWN = [
  'DROP TABLE "auth_store_counter"',
  'DROP INDEX "IDX_8cea9a0cc86ade68c67f337225"',
  'DROP TABLE "auth_refresh_token"',
  'DROP INDEX "IDX_6d309f51f753a1d1e620d4aed7"',
  'DROP INDEX "IDX_df10a7189e774abfec82eb409c"',
  'DROP TABLE "auth_session"',
  'DROP INDEX "IDX_9f8def60d62b9ee13e8840137b"',
  'DROP INDEX "IDX_3cc9a126ddd4982ce6e0562281"',
  'DROP TABLE "auth_challenge"',
  'DROP INDEX "IDX_8a3e9a114718830fa25d6ef306"',
  'DROP TABLE "auth_api_key"',
]
