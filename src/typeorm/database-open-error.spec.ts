import { DatabaseOpenError, describeTarget, toDatabaseOpenError } from './database-open-error'

const FILE = 'ormconfig.json'

describe('describeTarget: the database, where and as whom, never the password', () => {
  test.each([
    [{ host: '127.0.0.1', port: 5432, username: 'app', password: 'hunter2', database: 'users' }, '"users" on 127.0.0.1:5432 as user "app"'],
    [{ database: 'users' }, '"users"'],
    [{ host: 'db.example.com', database: 'users' }, '"users" on db.example.com'],
    [{ url: 'postgres://app:hunter2@db.example.com:6543/users' }, '"users" on db.example.com:6543 as user "app"'],
    [{ url: 'postgresql://db.example.com/my%20db' }, '"my db" on db.example.com'],
    [{ url: 'postgres://a%40b:p%40ss@db/users' }, '"users" on db as user "a@b"'],
  ])('%j', (target, described) => {
    expect(describeTarget(target)).toBe(described)
  })
})

describe('toDatabaseOpenError: the message names the file and the database and holds no password', () => {
  test('an authentication failure: the SQLSTATE is kept as the code', () => {
    const refused = Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' })
    const error = toDatabaseOpenError(refused, { host: '127.0.0.1', port: 5432, username: 'app', password: 'hunter2', database: 'users' }, FILE)
    expect(error).toBeInstanceOf(DatabaseOpenError)
    expect({ name: error.name, message: error.message, code: error.code, cause: (error as { cause?: unknown }).cause }).toStrictEqual({
      name: 'DatabaseOpenError',
      message: 'jwt-hooks: ormconfig.json: cannot open the PostgreSQL database "users" on 127.0.0.1:5432 as user "app": password authentication failed for user "app"',
      code: '28P01',
      cause: undefined,
    })
  })

  test('a driver message that quotes the password, as given or as the URL spells it, or a URL with one, has it cut', () => {
    const password = 'p@ss:w/rd%é'
    const url = `postgres://app:${encodeURIComponent(password)}@db:5432/users`
    const message = `bad ${password} then ${encodeURIComponent(password)} then ${url} and postgres://other:zzz@elsewhere/x`
    const error = toDatabaseOpenError(new Error(message), { url }, FILE)
    expect(error.message).toBe(
      'jwt-hooks: ormconfig.json: cannot open the PostgreSQL database "users" on db:5432 as user "app": bad *** then *** then postgres://app:***@db:5432/users and postgres://other:***@elsewhere/x',
    )
  })

  test('only the first line of the reason, then the hint', () => {
    const error = toDatabaseOpenError(new Error('relation "user" already exists\n    at somewhere'), { database: 'users' }, FILE, 'Keep "synchronize": true.')
    expect(error.message).toBe('jwt-hooks: ormconfig.json: cannot open the PostgreSQL database "users": relation "user" already exists\nKeep "synchronize": true.')
  })

  test('something thrown that is not an Error, with no code', () => {
    const error = toDatabaseOpenError('down', { database: 'users' }, FILE)
    expect({ message: error.message, code: error.code }).toStrictEqual({ message: 'jwt-hooks: ormconfig.json: cannot open the PostgreSQL database "users": down', code: undefined })
  })
})
