import { DataSource, type DataSourceOptions } from 'typeorm'

import { requirePeers } from '../peers/require-peers'
import { toDatabaseOpenError, type PostgresTarget } from './database-open-error'
import { POSTGRES_MIGRATIONS } from './migrations'
import { withSchemaLock } from './with-schema-lock'

// 42P07 duplicate_table: the tables are there, made without the migrations table knowing.
const TABLES_EXIST = '42P07'

/**
 * Builds (does not open) the PostgreSQL DataSource of `ormconfig.json`. Unless the file says
 * `"synchronize": true` or names `migrations` of its own, it runs the package's migrations
 * (`POSTGRES_MIGRATIONS`) as it opens: they only ever add, where `synchronize` alters tables to
 * fit the entities and drops the columns they lack (an app's own columns of `user`, too).
 * @param options the checked options of the file (see checkOrmConfig), entities included.
 * @param file the file's name, for the messages.
 * @throws Error naming pg when it is not installed.
 */
export function createPostgresDataSource(options: Record<string, unknown>, file: string): DataSource {
  // TypeORM requires pg as the DataSource is built, with a message of its own; say it here, as for every optional peer.
  requirePeers(`the PostgreSQL database of ${file} ("type": "postgres")`, ['pg'])
  const planned = options.synchronize === true || options.migrations !== undefined ? options : { migrationsRun: true, ...options, migrations: POSTGRES_MIGRATIONS }
  return new PostgresDataSource(planned as unknown as DataSourceOptions, file)
}

/**
 * A PostgreSQL DataSource that makes its schema under a lock (instances starting together take
 * turns) and whose opening errors name the file and the database, never the password.
 */
class PostgresDataSource extends DataSource {
  private readonly schemaSteps: { migrations: boolean; synchronize: boolean }

  constructor(
    options: DataSourceOptions,
    private readonly file: string,
  ) {
    // TypeORM's initialize would run them without a lock: done in initialize below instead.
    super({ ...options, migrationsRun: false, synchronize: false } as DataSourceOptions)
    this.schemaSteps = { migrations: options.migrationsRun === true, synchronize: options.synchronize === true }
  }

  override async initialize(): Promise<this> {
    try {
      await super.initialize()
      const { migrations, synchronize } = this.schemaSteps
      if (migrations || synchronize) {
        await withSchemaLock(this, async () => {
          if (migrations) await this.runMigrations({ transaction: this.options.migrationsTransactionMode ?? 'all' })
          if (synchronize) await this.synchronize()
        })
      }
      return this
    } catch (error) {
      if (this.isInitialized) await this.destroy().catch(() => undefined)
      throw toDatabaseOpenError(error, this.options as PostgresTarget, this.file, hintFor(error))
    }
  }
}

function hintFor(error: unknown): string | undefined {
  if ((error as { driverError?: { code?: string } }).driverError?.code !== TABLES_EXIST) return undefined
  return 'The tables exist already, made without these migrations (by "synchronize"?): keep "synchronize": true in the file, or set "migrationsRun": false and manage the schema yourself.'
}
