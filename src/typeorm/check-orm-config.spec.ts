import { ConfigError } from '../config/config-error'
import { checkOrmConfig } from './check-orm-config'

const FILE = 'ormconfig.json'

function errorOf(config: Record<string, unknown>): { message: string; key: string | undefined } | undefined {
  try {
    checkOrmConfig(config, FILE)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return { message: (error as ConfigError).message, key: (error as ConfigError).key }
  }
}

describe('checkOrmConfig: the defaults of each database', () => {
  test('no file (an empty object): SQLite in db.sqlite3 with synchronize', () => {
    expect(checkOrmConfig({}, FILE)).toStrictEqual({ type: 'sqlite', database: 'db.sqlite3', synchronize: true })
  })

  test('SQLite keys of the file win over the defaults', () => {
    expect(checkOrmConfig({ type: 'sqlite', database: 'users.db', synchronize: false, logging: true }, FILE)).toStrictEqual({
      type: 'sqlite',
      database: 'users.db',
      synchronize: false,
      logging: true,
    })
  })

  test('PostgreSQL gets a 10 s connection timeout, and no SQLite file name or synchronize', () => {
    expect(checkOrmConfig({ type: 'postgres', host: 'db', port: 5432, username: 'app', password: 'pw', database: 'app' }, FILE)).toStrictEqual({
      type: 'postgres',
      connectTimeoutMS: 10_000,
      host: 'db',
      port: 5432,
      username: 'app',
      password: 'pw',
      database: 'app',
    })
    expect(checkOrmConfig({ type: 'postgres', url: 'postgresql://app@db/app', connectTimeoutMS: 500 }, FILE)).toStrictEqual({
      type: 'postgres',
      connectTimeoutMS: 500,
      url: 'postgresql://app@db/app',
    })
  })
})

describe('checkOrmConfig: a bad key is named, with the file, and its value is never quoted but for "type"', () => {
  test.each([
    [{ type: 'mysql' }, 'type', 'must be "sqlite" (the default) or "postgres", not "mysql"'],
    [{ type: 'postgresql' }, 'type', 'must be "sqlite" (the default) or "postgres", not "postgresql"'],
    [{ type: 42 }, 'type', 'must be "sqlite" (the default) or "postgres", not 42'],
    [{ type: 'x'.repeat(100) }, 'type', `must be "sqlite" (the default) or "postgres", not "${'x'.repeat(36)}...`],
    [{ database: 7 }, 'database', 'must be a string'],
    [{ synchronize: 'yes' }, 'synchronize', 'must be true or false'],
    [{ type: 'postgres', database: 'app', migrationsRun: 1 }, 'migrationsRun', 'must be true or false'],
    [{ type: 'postgres', database: 'app', migrations: 'dist/migrations/*.js' }, 'migrations', 'must be a list of paths (globs) to migration files'],
    [{ type: 'postgres' }, 'database', 'is required with "type": "postgres" (or give "url")'],
    [{ type: 'postgres', database: '' }, 'database', 'is required with "type": "postgres" (or give "url")'],
    [{ type: 'postgres', database: 'app', port: '5432' }, 'port', 'must be a whole number from 1 to 65535'],
    [{ type: 'postgres', database: 'app', port: 0 }, 'port', 'must be a whole number from 1 to 65535'],
    [{ type: 'postgres', database: 'app', port: 65536 }, 'port', 'must be a whole number from 1 to 65535'],
    [{ type: 'postgres', database: 'app', password: 1234 }, 'password', 'must be a string'],
    [{ type: 'postgres', database: 'app', username: null }, 'username', 'must be a string'],
    [{ type: 'postgres', url: '//app:s3cret@db/app' }, 'url', 'is not a URL: it must be postgres://user:password@host:port/database'],
    [{ type: 'postgres', url: 'mysql://app:s3cret@db/app' }, 'url', 'is not a PostgreSQL URL: it must be postgres://user:password@host:port/database'],
    [{ type: 'postgres', url: 'postgres://app:s3cret@db' }, 'url', 'names no database: it must be postgres://user:password@host:port/database'],
    [{ type: 'postgres', url: 'postgres://app:s3cret@db/' }, 'url', 'names no database: it must be postgres://user:password@host:port/database'],
  ])('%j', (config, key, reason) => {
    expect(errorOf(config)).toStrictEqual({ message: `jwt-hooks: "${key}" in ormconfig.json: ${reason}`, key })
  })
})
