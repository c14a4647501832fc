import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'

import { DataSource, type DataSourceOptions } from 'typeorm'

import { ConfigError } from '../config/config-error'
import { describeParseError } from '../config/load-config'
import { requirePeers } from '../peers/require-peers'
import { STORE_ENTITIES } from '../stores/typeorm/store-entities'
import { checkOrmConfig } from './check-orm-config'
import { Group } from './group.entity'
import { KeyIdentity } from './key-identity.entity'
import { Permission } from './permission.entity'
import { createPostgresDataSource } from './postgres-data-source'
import { User } from './user.entity'

const ORMCONFIG = 'ormconfig.json'
const SQLITE_BUSY_TIMEOUT_MS = 5_000

export interface CreateDataSourceOptions {
  /** Where `ormconfig.json` and a relative SQLite file are looked for (default: the working directory). */
  cwd?: string
  /** Overrides the database (a file, or `:memory:`), as tests do. */
  database?: string
}

/**
 * Builds (does not open) a TypeORM DataSource for the `User` entity (with `Group`, `Permission`
 * and `KeyIdentity`) from `ormconfig.json`,
 * a SQLite file `db.sqlite3` with `synchronize` when there is none. TypeORM 0.3 no longer reads
 * that file itself, so the demo server and the CLI read it here, the same way. A SQLite file
 * that does not exist yet is created, on `initialize()`, readable by its owner only (mode 0600:
 * it holds password hashes); SQLite gives its -journal and -wal files the same mode. With
 * `"type": "postgres"` see createPostgresDataSource: the package's migrations, and errors that
 * never show the password (`DatabaseOpenError`).
 * @param options the directory to read from and an optional database override.
 * @throws ConfigError naming `ormconfig.json` and the key when it is not a JSON object of usable
 * options (checkOrmConfig); Error naming sqlite3 or pg when the database needs it and it is not installed.
 * @example
 * const dataSource = createDataSource({ database: ':memory:' })
 * await dataSource.initialize()
 */
export function createDataSource({ cwd = process.cwd(), database }: CreateDataSourceOptions = {}): DataSource {
  const config = checkOrmConfig(readOrmConfig(cwd), ORMCONFIG)
  // Sign-ins write KeyIdentity rows while the stores' DataSource writes the same file: wait for
  // its lock rather than fail at once (SQLITE_BUSY).
  const sqlite = config.type === 'sqlite' ? { busyTimeout: SQLITE_BUSY_TIMEOUT_MS } : {}
  return build({ ...sqlite, ...config, entities: [User, Group, Permission, KeyIdentity] }, cwd, database)
}

/**
 * Builds (does not open) the DataSource of the stores (sessions, challenges, API keys: the
 * entities of `STORE_ENTITIES`) on the same `ormconfig.json` database as `createDataSource`.
 * On SQLite it is a DataSource of its own beside the app's: TypeORM runs every query of a SQLite
 * DataSource on one connection, so a store's transaction would take in the app's statements.
 * It gets `busyTimeout: 5000` (a write waits for another connection's instead of failing at once)
 * and WAL (readers and the writer do not block each other), unless ormconfig.json sets them.
 * @param options the directory to read from and an optional database override.
 * @throws ConfigError naming `ormconfig.json` and the key, as createDataSource.
 * @example
 * const stores = createStoreDataSource()
 * await stores.initialize()
 * const sessions = createSessions({ store: new TypeormSessionStore(stores), apiKeys: new TypeormApiKeyStore(stores) })
 */
export function createStoreDataSource({ cwd = process.cwd(), database }: CreateDataSourceOptions = {}): DataSource {
  const config = checkOrmConfig(readOrmConfig(cwd), ORMCONFIG)
  const sqlite = config.type === 'sqlite' ? { busyTimeout: SQLITE_BUSY_TIMEOUT_MS, enableWAL: true } : {}
  return build({ ...sqlite, ...config, entities: STORE_ENTITIES }, cwd, database)
}

function build(given: Record<string, unknown>, cwd: string, database: string | undefined): DataSource {
  const options = { ...given }
  if (database !== undefined) options.database = database
  if (options.type === 'postgres') return createPostgresDataSource(options, ORMCONFIG)
  // TypeORM loads the driver on initialize(), with a message of its own; say it here, as for every optional peer.
  if (options.type === 'sqlite') requirePeers(`the SQLite database of ${ORMCONFIG} ("type": "sqlite", the default)`, ['sqlite3'])
  // TypeORM resolves a relative SQLite path against process.cwd(); anchor it to the config's directory.
  if (options.type === 'sqlite' && typeof options.database === 'string' && options.database !== ':memory:' && !isAbsolute(options.database)) {
    options.database = resolve(cwd, options.database)
  }
  const file = options.type === 'sqlite' && typeof options.database === 'string' && isAbsolute(options.database) ? options.database : undefined
  return file === undefined ? new DataSource(options as unknown as DataSourceOptions) : new PrivateFileDataSource(options as unknown as DataSourceOptions, file)
}

/** A SQLite DataSource whose file, if it has to be made, is made with mode 0600 (SQLite would use 0644). */
class PrivateFileDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly file: string,
  ) {
    super(options)
  }

  override async initialize(): Promise<this> {
    mkdirSync(dirname(this.file), { recursive: true })
    // Only a file that is not there yet is opened here ('wx': an empty file is a valid empty
    // database). Closing a descriptor of a file drops every POSIX lock this process holds on it:
    // opening an existing database beside a connection of ours (the stores' DataSource beside
    // the app's) would take that connection's locks away, and in WAL mode leave it reading an
    // old snapshot for good.
    if (!existsSync(this.file)) {
      try {
        closeSync(openSync(this.file, 'wx', 0o600))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
    }
    return super.initialize()
  }
}

function readOrmConfig(cwd: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(resolve(cwd, ORMCONFIG), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigError(undefined, ORMCONFIG, (error as Error).message)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    // V8's message quotes the text near the error: it may be the database password.
    throw new ConfigError(undefined, ORMCONFIG, `invalid JSON: ${describeParseError(error as Error, text)}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(undefined, ORMCONFIG, 'must be a JSON object of TypeORM options')
  }
  return data as Record<string, unknown>
}
