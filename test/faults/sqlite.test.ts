import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Database } from 'sqlite3'
import { DataSource } from 'typeorm'

import { fetchUser } from '../../src/typeorm/fetch-user'
import { DOORS } from '../conformance/doors'
import type { Running } from '../conformance/routes'
import { Account, Member } from '../support/database'
import { send } from '../support/http'
import { SECRET, KEY_KINDS, tokenFor } from '../support/keys'
import { FAULT, TIMED_OUT, ok } from '../support/answers'

// A real SQLite database behind fetchUser goes away (DataSource destroyed) and comes back, or is
// locked by another connection: 500 while it is gone, 503 while it hangs, served again after.

const TIMEOUT_MS = 200
const file = join(mkdtempSync(join(tmpdir(), 'jwt-hooks-sqlite-')), 'users.sqlite')
// busyTimeout: a locked database makes a query wait (a hang) instead of failing at once.
const database = new DataSource({ type: 'sqlite', database: file, entities: [Member, Account], synchronize: true, busyTimeout: 60_000 })
const token = tokenFor(KEY_KINDS[0], { sub: '1' })
const MEMBER = ok({ id: 1, email: 'member@example.com' })

beforeAll(async () => {
  await database.initialize()
  await database.getRepository(Member).save({ email: 'member@example.com' })
})
afterAll(async () => {
  if (database.isInitialized) await database.destroy()
})
afterEach(() => jest.restoreAllMocks())

/** Runs one statement on a connection of its own. */
function run(connection: Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => connection.exec(sql, (error) => (error ? reject(error) : resolve())))
}

describe.each(DOORS)('database faults behind fetchUser, door $name', (door) => {
  let server: Running
  let ask: () => ReturnType<typeof send>
  beforeAll(async () => {
    server = await door.start([
      { path: '/me', mode: 'required', options: { secretOrPublicKey: SECRET, user: fetchUser(Member, database), timeout: TIMEOUT_MS } },
    ])
    ask = () => send(`${server.url}/me`, { authorization: `Bearer ${token}` })
  })
  afterAll(() => server.close())

  test('DataSource destroyed mid-run: 500 with an empty body; re-initialized: served again', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const before = await ask()
    await database.destroy()
    const gone = [await ask(), await ask()]
    await database.initialize()
    expect({ before, gone, back: await ask() }).toStrictEqual({ before: MEMBER, gone: [FAULT, FAULT], back: MEMBER })
  })

  test('database locked by another connection: 503 after the timeout; unlocked: served again', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const other = new Database(file)
    try {
      await run(other, 'BEGIN EXCLUSIVE')
      const locked = await ask()
      await run(other, 'COMMIT')
      expect({ locked, unlocked: await ask() }).toStrictEqual({ locked: TIMED_OUT, unlocked: MEMBER })
    } finally {
      await new Promise((resolve) => other.close(resolve))
    }
  })
})
