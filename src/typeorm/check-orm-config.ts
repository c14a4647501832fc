import { ConfigError } from '../config/config-error'

/** The databases jwt-hooks runs on: the stores' SQL is written for these two. */
const TYPES = ['sqlite', 'postgres'] as const
type DatabaseType = (typeof TYPES)[number]

const DEFAULTS: Record<DatabaseType, Record<string, unknown>> = {
  sqlite: { database: 'db.sqlite3', synchronize: true },
  // pg waits for ever by default for a server that never answers: a start must end in bounded time.
  postgres: { connectTimeoutMS: 10_000 },
}
const STRINGS: Record<DatabaseType, readonly string[]> = {
  sqlite: ['database'],
  postgres: ['url', 'host', 'username', 'password', 'database'],
}
const BOOLEANS = ['synchronize', 'migrationsRun']

/**
 * Checks the TypeORM options read from `ormconfig.json` (the keys jwt-hooks relies on) and adds
 * the defaults of their database: SQLite (the default) in `db.sqlite3` with `synchronize`;
 * PostgreSQL, which needs `url` or `database`, with a 10 s connection timeout. Other keys go to
 * TypeORM as they are. Messages name the key and the file, never a value that may be a password.
 * @param config the parsed file.
 * @param file the file's name, for the messages.
 * @throws ConfigError naming the key.
 */
export function checkOrmConfig(config: Readonly<Record<string, unknown>>, file: string): Record<string, unknown> {
  const type = config.type ?? 'sqlite'
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    throw new ConfigError('type', file, `must be "sqlite" (the default) or "postgres", not ${shown(type)}`)
  }
  const kind = type as DatabaseType
  for (const key of STRINGS[kind]) {
    if (config[key] !== undefined && typeof config[key] !== 'string') throw new ConfigError(key, file, 'must be a string')
  }
  for (const key of BOOLEANS) {
    if (config[key] !== undefined && typeof config[key] !== 'boolean') throw new ConfigError(key, file, 'must be true or false')
  }
  const migrations = config.migrations
  if (migrations !== undefined && (!Array.isArray(migrations) || !migrations.every((entry) => typeof entry === 'string'))) {
    throw new ConfigError('migrations', file, 'must be a list of paths (globs) to migration files')
  }
  if (kind === 'postgres') checkPostgres(config, file)
  return { ...DEFAULTS[kind], ...config, type: kind }
}

function checkPostgres(config: Readonly<Record<string, unknown>>, file: string): void {
  const { port, url, database } = config
  if (port !== undefined && !(Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536)) {
    throw new ConfigError('port', file, 'must be a whole number from 1 to 65535')
  }
  if (url !== undefined) {
    // Never quoted: the URL holds the password.
    const usage = 'must be postgres://user:password@host:port/database'
    let parsed: URL
    try {
      parsed = new URL(url as string)
    } catch {
      throw new ConfigError('url', file, `is not a URL: it ${usage}`)
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new ConfigError('url', file, `is not a PostgreSQL URL: it ${usage}`)
    if (parsed.pathname.length < 2) throw new ConfigError('url', file, `names no database: it ${usage}`)
    return
  }
  // pg would fall back on a database named after the user: the tables would land in another database.
  if (database === undefined || database === '') throw new ConfigError('database', file, 'is required with "type": "postgres" (or give "url")')
}

/** A value of the file, short and on one line (a type is no secret; a long value is cut). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
