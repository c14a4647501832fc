import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { DataSource } from 'typeorm'

import { AuthSession, STORE_ENTITIES, StoreCounter } from '../../src/stores/typeorm'
import { createDataSource } from '../../src/typeorm/data-source'
import { DatabaseOpenError } from '../../src/typeorm/database-open-error'
import { Group } from '../../src/typeorm/group.entity'
import { KeyIdentity } from '../../src/typeorm/key-identity.entity'
import { POSTGRES_MIGRATIONS } from '../../src/typeorm/migrations'
import { Permission } from '../../src/typeorm/permission.entity'
import { User } from '../../src/typeorm/user.entity'
import { createDatabase, type TestDatabase } from '../support/services'
import { postgresFolder, type PostgresFolder } from './support/postgres-folder'

// The package ships its PostgreSQL schema as migrations generated from its entities. They must
// make exactly the schema synchronize makes (or TypeORM would want to change it), run once however
// many instances start together, and be what the demo and the CLI use unless told otherwise.

const ENTITIES = [User, Group, Permission, KeyIdentity, ...STORE_ENTITIES]
const TABLES = [
  'auth_api_key',
  'auth_challenge',
  'auth_refresh_token',
  'auth_replay',
  'auth_session',
  'auth_store_counter',
  'group',
  'group_permissions_permission',
  'key_identity',
  'permission',
  'user',
  'user_groups_group',
  'user_user_permissions_permission',
]
const MIGRATED = [
  { id: 1, timestamp: '1767225600000', name: 'JwtHooksUsers1767225600000' },
  { id: 2, timestamp: '1767225600001', name: 'JwtHooksStores1767225600001' },
  { id: 3, timestamp: '1767225600002', name: 'JwtHooksIdentities1767225600002' },
  { id: 4, timestamp: '1767225600003', name: 'JwtHooksReplay1767225600003' },
]

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

async function database(): Promise<TestDatabase> {
  const db = await createDatabase()
  cleanups.push(() => db.drop())
  return db
}

async function folder(extra: Record<string, unknown> = {}): Promise<PostgresFolder> {
  const made = await postgresFolder('url', extra)
  cleanups.push(() => made.remove())
  return made
}

async function open(options: ConstructorParameters<typeof DataSource>[0] | DataSource): Promise<DataSource> {
  const dataSource = options instanceof DataSource ? options : new DataSource(options)
  await dataSource.initialize()
  cleanups.push(async () => {
    if (dataSource.isInitialized) await dataSource.destroy()
  })
  return dataSource
}

/** Everything of the public schema but the migrations table: columns, constraints, indexes, sequences. */
async function schemaOf(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => dataSource.query(sql)
  return {
    tables: (await q("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1")).map((row: { table_name: string }) => row.table_name),
    columns: await q(`SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name, ordinal_position`),
    constraints: await q(`SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'migrations' ORDER BY conname`),
    indexes: await q("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY indexname"),
    sequences: await q("SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public' AND sequence_name NOT LIKE 'migrations%' ORDER BY 1"),
  }
}

async function tablesOf(dataSource: DataSource): Promise<string[]> {
  return (await dataSource.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((row: { table_name: string }) => row.table_name)
}

describe('POSTGRES_MIGRATIONS on an empty database', () => {
  let migrated: DataSource
  let synchronized: DataSource

  beforeAll(async () => {
    migrated = await open({ type: 'postgres', url: (await database()).url, entities: ENTITIES, migrations: POSTGRES_MIGRATIONS, migrationsRun: true })
    synchronized = await open({ type: 'postgres', url: (await database()).url, entities: ENTITIES, synchronize: true })
  }, 60_000)

  test('make the schema synchronize makes: same tables, columns, constraints, indexes and sequences', async () => {
    const schema = await schemaOf(migrated)
    expect(schema.tables).toStrictEqual(TABLES)
    expect(schema).toStrictEqual(await schemaOf(synchronized))
  })

  test('leave TypeORM nothing to change for the entities', async () => {
    expect((await migrated.driver.createSchemaBuilder().log()).upQueries).toStrictEqual([])
  })

  test('are recorded in the migrations table, in order', async () => {
    expect(await migrated.query('SELECT id, timestamp::text, name FROM migrations ORDER BY id')).toStrictEqual(MIGRATED)
  })

  test('undone, they leave only the migrations table', async () => {
    const db = await database()
    const dataSource = await open({ type: 'postgres', url: db.url, entities: ENTITIES, migrations: POSTGRES_MIGRATIONS, migrationsRun: true })
    const withMigrations = (...gone: string[]) => [...TABLES, 'migrations'].filter((name) => !gone.includes(name)).sort()
    await dataSource.undoLastMigration()
    expect(await tablesOf(dataSource)).toStrictEqual(withMigrations('auth_replay'))
    await dataSource.undoLastMigration()
    expect(await tablesOf(dataSource)).toStrictEqual(withMigrations('auth_replay', 'key_identity'))
    await dataSource.undoLastMigration()
    expect(await tablesOf(dataSource)).toStrictEqual(['group', 'group_permissions_permission', 'migrations', 'permission', 'user', 'user_groups_group', 'user_user_permissions_permission'])
    await dataSource.undoLastMigration()
    expect(await tablesOf(dataSource)).toStrictEqual(['migrations'])
  })

  test('by the path the README gives them (the built files in dist/typeorm/migrations), TypeORM finds and runs the same four', async () => {
    const glob = join(__dirname, '../../dist/typeorm/migrations/jwt-hooks-*.js')
    const dataSource = await open({ type: 'postgres', url: (await database()).url, entities: ENTITIES, migrations: [glob], migrationsRun: true })
    expect(await dataSource.query('SELECT id, timestamp::text, name FROM migrations ORDER BY id')).toStrictEqual(MIGRATED)
    expect(await schemaOf(dataSource)).toStrictEqual(await schemaOf(synchronized))
  })

  test('refuse another database, before any statement', async () => {
    const sqlite = await open({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: POSTGRES_MIGRATIONS })
    await expect(sqlite.runMigrations()).rejects.toThrow(new Error('jwt-hooks: the migration JwtHooksUsers1767225600000 is for PostgreSQL, not sqlite; on SQLite use "synchronize": true'))
    expect(await sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name")).toStrictEqual([{ name: 'migrations' }])
  })
})

describe('the ormconfig.json DataSource of the demo and the CLI on PostgreSQL', () => {
  test('by default it runs the migrations as it opens, and a second opening runs none again', async () => {
    const { cwd } = await folder()
    const first = await open(createDataSource({ cwd }))
    expect(await tablesOf(first)).toStrictEqual([...TABLES, 'migrations'].sort())
    await first.destroy()
    const second = await open(createDataSource({ cwd }))
    expect(await second.query('SELECT id, timestamp::text, name FROM migrations ORDER BY id')).toStrictEqual(MIGRATED)
  })

  test('"synchronize": true makes the tables by synchronize, and no migrations table', async () => {
    const dataSource = await open(createDataSource({ cwd: (await folder({ synchronize: true })).cwd }))
    expect(await tablesOf(dataSource)).toStrictEqual(['group', 'group_permissions_permission', 'key_identity', 'permission', 'user', 'user_groups_group', 'user_user_permissions_permission'])
  })

  test('"migrationsRun": false leaves the schema alone: no table is made', async () => {
    const dataSource = await open(createDataSource({ cwd: (await folder({ migrationsRun: false })).cwd }))
    expect(await tablesOf(dataSource)).toStrictEqual([])
  })

  test('six instances opening a new database together make the schema once, each after the other', async () => {
    const { cwd } = await folder()
    const opened = await Promise.allSettled(Array.from({ length: 6 }, () => open(createDataSource({ cwd }))))
    expect(opened.map((result) => result.status)).toStrictEqual(Array(6).fill('fulfilled'))
    const [first] = opened as PromiseFulfilledResult<DataSource>[]
    expect(await first.value.query('SELECT id, timestamp::text, name FROM migrations ORDER BY id')).toStrictEqual(MIGRATED)
  })

  test('six instances with "synchronize": true opening a new database together: each synchronizes after the other', async () => {
    const { cwd } = await folder({ synchronize: true })
    const opened = await Promise.allSettled(Array.from({ length: 6 }, () => open(createDataSource({ cwd }))))
    expect(opened.map((result) => result.status)).toStrictEqual(Array(6).fill('fulfilled'))
    const [first] = opened as PromiseFulfilledResult<DataSource>[]
    expect(await tablesOf(first.value)).toStrictEqual(['group', 'group_permissions_permission', 'key_identity', 'permission', 'user', 'user_groups_group', 'user_user_permissions_permission'])
  })

  test('tables made by synchronize before: the migrations stop at the first table, the message says what to do', async () => {
    const made = await folder({ synchronize: true })
    await (await open(createDataSource({ cwd: made.cwd }))).destroy()
    writeFileSync(join(made.cwd, 'ormconfig.json'), JSON.stringify({ type: 'postgres', url: made.db.url }))
    const dataSource = createDataSource({ cwd: made.cwd })
    const failed = await dataSource.initialize().then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failed).toBeInstanceOf(DatabaseOpenError)
    const { hostname, port } = new URL(made.db.url)
    expect({ message: (failed as Error).message, code: (failed as DatabaseOpenError).code, open: dataSource.isInitialized }).toStrictEqual({
      message:
        `jwt-hooks: ormconfig.json: cannot open the PostgreSQL database "${made.db.name}" on ${hostname}:${port} as user "postgres": relation "permission" already exists\n` +
        'The tables exist already, made without these migrations (by "synchronize"?): keep "synchronize": true in the file, or set "migrationsRun": false and manage the schema yourself.',
      code: '42P07',
      open: false,
    })
  })
})

describe('bigint columns on PostgreSQL come back as numbers', () => {
  test('pg answers a bigint as a string; the store entities read it as a number', async () => {
    const dataSource = await open({ type: 'postgres', url: (await database()).url, entities: ENTITIES, migrations: POSTGRES_MIGRATIONS, migrationsRun: true })
    const times = { createdAt: 1_700_000_000_123, expiresAt: 1_700_604_800_123, accessExpiresAt: 1_700_003_600_123 }
    await dataSource.getRepository(AuthSession).save({ sid: 's1', sub: '1', caps: null, claims: null, ...times, revokedAt: 1_700_000_100_000, revokedSeq: 1 })
    await dataSource.getRepository(StoreCounter).save({ name: 'revocations', value: 1 })
    expect(await dataSource.query('SELECT created_at, revoked_seq FROM auth_session')).toStrictEqual([{ created_at: '1700000000123', revoked_seq: '1' }])
    expect({ ...(await dataSource.getRepository(AuthSession).findOneBy({ sid: 's1' })) }).toStrictEqual({
      sid: 's1',
      sub: '1',
      caps: null,
      claims: null,
      ...times,
      revokedAt: 1_700_000_100_000,
      revokedSeq: 1,
    })
    expect({ ...(await dataSource.getRepository(StoreCounter).findOneBy({ name: 'revocations' })) }).toStrictEqual({ name: 'revocations', value: 1 })
  })
})
