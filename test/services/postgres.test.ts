import { Client } from 'pg'
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm'

import { createDatabase, sharedPostgresUrl, type TestDatabase } from '../support/services'

@Entity()
class SmokeNote {
  @PrimaryGeneratedColumn()
  id!: number

  @Column()
  text!: string
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe('createDatabase(): a fresh database on the shared PostgreSQL', () => {
  let db: TestDatabase

  beforeAll(async () => {
    db = await createDatabase()
  })
  afterAll(() => db.drop())

  test("its URL is the shared server's, naming the new database", async () => {
    const expected = new URL(await sharedPostgresUrl())
    expected.pathname = `/${db.name}`
    expect({ url: db.url, name: /^test_[0-9]+_[0-9a-f]{12}$/.test(db.name) }).toStrictEqual({ url: expected.toString(), name: true })
  })

  test('pg answers SELECT 1 in that database, which has no tables', async () => {
    expect(await query(db.url, 'SELECT 1 AS one, current_database() AS name')).toStrictEqual([{ one: 1, name: db.name }])
    expect(await query(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toStrictEqual([])
  })

  test('a TypeORM postgres DataSource with synchronize creates the table and round-trips a row', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [SmokeNote], synchronize: true })
    await dataSource.initialize()
    try {
      expect(await dataSource.query('SELECT 1 AS one')).toStrictEqual([{ one: 1 }])
      await dataSource.getRepository(SmokeNote).save({ text: 'hello, postgres' })
      const rows = await dataSource.getRepository(SmokeNote).find()
      expect(rows.map((row) => ({ ...row }))).toStrictEqual([{ id: 1, text: 'hello, postgres' }])
      expect(rows[0]).toBeInstanceOf(SmokeNote)
    } finally {
      await dataSource.destroy()
    }
    expect(
      await query(db.url, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'smoke_note' ORDER BY ordinal_position"),
    ).toStrictEqual([
      { column_name: 'id', data_type: 'integer' },
      { column_name: 'text', data_type: 'character varying' },
    ])
  })

  test('drop() removes a database, even with a connection still open to it', async () => {
    const other = await createDatabase()
    const forgotten = new Client({ connectionString: other.url })
    forgotten.on('error', () => undefined)
    await forgotten.connect()
    await other.drop()
    await expect(query(other.url, 'SELECT 1')).rejects.toMatchObject({
      code: '3D000',
      message: `database "${other.name}" does not exist`,
    })
    await forgotten.end().catch(() => undefined)
  })
})
