import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DataSource } from 'typeorm'

import type { ApiKeyStore, ChallengeStore, ChallengeStoreOptions, SessionStore, SessionStoreOptions } from '../../../src/stores'
import { MemoryApiKeyStore, MemoryChallengeStore, MemorySessionStore } from '../../../src/stores'
import { STORE_ENTITIES, TypeormApiKeyStore, TypeormChallengeStore, TypeormSessionStore } from '../../../src/stores/typeorm'
import { sharedRedisUrl } from '../../support/services'
import { findPostgres, startPostgres, type PostgresServer } from './postgres-server'
import { openRedisBackend } from './redis-backend'

/** One backend of the stores, opened fresh (empty) for a test. */
export interface Backend {
  sessions(options?: SessionStoreOptions): SessionStore
  challenges(options?: ChallengeStoreOptions): ChallengeStore
  apiKeys(): ApiKeyStore
  /** The TypeORM DataSource, for the SQL backends. */
  dataSource?: DataSource
  close(): Promise<void>
}

export interface StoreKind {
  name: string
  /** Why this kind cannot run here, if it cannot. */
  unavailable?: string
  open(): Promise<Backend>
}

/** The options the TypeORM stores need of a SQLite DataSource (README: the stores). */
export const SQLITE_OPTIONS = { busyTimeout: 5_000, enableWAL: true } as const

/** A TypeORM DataSource with the store entities on a new SQLite file. */
export function sqliteDataSource(file: string, options: Record<string, unknown> = {}): DataSource {
  return new DataSource({ type: 'sqlite', database: file, entities: STORE_ENTITIES, synchronize: true, ...SQLITE_OPTIONS, ...options })
}

function sqlBackend(dataSource: DataSource, cleanup: () => Promise<void> | void): Backend {
  return {
    dataSource,
    sessions: (options) => new TypeormSessionStore(dataSource, options),
    challenges: (options) => new TypeormChallengeStore(dataSource, options),
    apiKeys: () => new TypeormApiKeyStore(dataSource),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy()
      await cleanup()
    },
  }
}

const PG_BIN = findPostgres()
let postgres: Promise<PostgresServer> | undefined
// Started by the first test that opens a PostgreSQL backend in this file, stopped after the file.
afterAll(async () => (await postgres)?.stop())

/** The stores every contract test runs on (API keys: see API_KEY_STORES). */
export const STORES: StoreKind[] = [
  {
    name: 'memory',
    open: async () => ({
      sessions: (options) => new MemorySessionStore(options),
      challenges: (options) => new MemoryChallengeStore(options),
      apiKeys: () => new MemoryApiKeyStore(),
      close: async () => undefined,
    }),
  },
  {
    name: 'typeorm-sqlite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-stores-'))
      const dataSource = sqliteDataSource(join(dir, 'stores.sqlite'))
      await dataSource.initialize()
      return sqlBackend(dataSource, () => rmSync(dir, { recursive: true, force: true }))
    },
  },
  {
    name: 'typeorm-postgres',
    unavailable: PG_BIN ? undefined : 'no PostgreSQL binaries (set PG_BIN)',
    open: async () => {
      postgres ??= startPostgres(PG_BIN!)
      const server = await postgres
      const database = await server.createDatabase()
      const dataSource = new DataSource({ type: 'postgres', host: '127.0.0.1', port: server.port, username: 'postgres', database, entities: STORE_ENTITIES, synchronize: true })
      await dataSource.initialize()
      return sqlBackend(dataSource, () => undefined)
    },
  },
  {
    // The run's shared Redis; each backend on a fresh key prefix, deleted at close.
    name: 'redis',
    open: async () => openRedisBackend(await sharedRedisUrl()),
  },
]

/** The stores that hold API keys: not Redis (API keys stay in the TypeORM database). */
export const API_KEY_STORES = STORES.filter((kind) => kind.name !== 'redis')
