import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createDataSource, createStoreDataSource } from '../../src/typeorm/data-source'
import { User } from '../../src/typeorm/user.entity'


describe('createStoreDataSource: the stores\' own DataSource on the ormconfig.json database', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-store-ds-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('on SQLite: the same file, busyTimeout 5000 and WAL, the store entities only; a new file is made 0600', async () => {
    const stores = createStoreDataSource({ cwd: dir })
    await stores.initialize()
    try {
      const options = stores.options as unknown as Record<string, unknown>
      expect({
        database: options.database,
        busyTimeout: options.busyTimeout,
        enableWAL: options.enableWAL,
        tables: stores.entityMetadatas.map((entity) => entity.tableName).sort(),
        journal: await stores.query('PRAGMA journal_mode'),
        mode: (statSync(join(dir, 'db.sqlite3')).mode & 0o777).toString(8),
      }).toStrictEqual({
        database: join(dir, 'db.sqlite3'),
        busyTimeout: 5000,
        enableWAL: true,
        tables: ['auth_api_key', 'auth_challenge', 'auth_refresh_token', 'auth_replay', 'auth_session', 'auth_store_counter'],
        journal: [{ journal_mode: 'wal' }],
        mode: '600',
      })
    } finally {
      await stores.destroy()
    }
  })

  // Closing any descriptor of a file drops every POSIX lock the process holds on it: opening the
  // existing database file to "create" it took the app connection's locks, and in WAL mode the
  // app then read one old snapshot for good (a permission revoked by the CLI stayed granted).
  describe('POSIX locks: opening the stores\' DataSource beside the app\'s on an existing WAL file leaves the app reading fresh data', () => {
    test('rows another process writes and deletes afterwards (each time closing its connection) are seen by the app', async () => {
      const first = createStoreDataSource({ cwd: dir })
      await first.initialize()
      await first.destroy()
      const app = createDataSource({ cwd: dir })
      await app.initialize()
      const stores = createStoreDataSource({ cwd: dir })
      await stores.initialize()
      // As the CLI does, in a process of its own: open, write, close. A closing connection that
      // believes it is the last checkpoints and deletes the WAL; without the app's locks, it did.
      const write = async (sql: string) => {
        const script = `const { Database } = require(${JSON.stringify(require.resolve('sqlite3'))}); const db = new Database(process.argv[1]); db.exec(process.argv[2], (e) => { if (e) throw e; db.close() })`
        execFileSync(process.execPath, ['-e', script, join(dir, 'db.sqlite3'), sql])
      }
      try {
        const counts = [await app.getRepository(User).count()]
        await write("INSERT INTO user (email, password) VALUES ('late@example.com', 'x')")
        counts.push(await app.getRepository(User).count())
        await write("DELETE FROM user WHERE email = 'late@example.com'")
        counts.push(await app.getRepository(User).count())
        await write("INSERT INTO user (email, password) VALUES ('later@example.com', 'x')")
        counts.push(await app.getRepository(User).count())
        expect(counts).toStrictEqual([0, 1, 0, 1])
      } finally {
        await stores.destroy()
        await app.destroy()
      }
    })
  })
})
