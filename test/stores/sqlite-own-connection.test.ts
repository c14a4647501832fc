import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DataSource } from 'typeorm'

import { STORE_ENTITIES, TypeormSessionStore } from '../../src/stores/typeorm'
import { Group } from '../../src/typeorm/group.entity'
import { Permission } from '../../src/typeorm/permission.entity'
import { User } from '../../src/typeorm/user.entity'
import { HOUR, T0, newHash, newSession } from './support/sessions'
import { SQLITE_OPTIONS } from './support/store-kinds'

// The setup the stores ask for on SQLite: a DataSource of their own on the app's file. TypeORM
// runs every query of a SQLite DataSource on one connection, so a store transaction on the app's
// DataSource would have the app's statements run inside it (and the app's save() would BEGIN
// inside it); on a connection of its own SQLite's locks keep them apart, as between processes.
describe('the stores on a SQLite DataSource of their own, beside the app\'s on the same file', () => {
  let dir: string
  let app: DataSource
  let stores: DataSource
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-own-'))
    const file = join(dir, 'db.sqlite3')
    app = new DataSource({ type: 'sqlite', database: file, entities: [User, Group, Permission, ...STORE_ENTITIES], synchronize: true, ...SQLITE_OPTIONS })
    await app.initialize()
    stores = new DataSource({ type: 'sqlite', database: file, entities: STORE_ENTITIES, ...SQLITE_OPTIONS })
    await stores.initialize()
  })
  afterAll(async () => {
    await stores.destroy()
    await app.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  test('the app saving users one after the other while 50 sessions rotate in parallel: nothing fails', async () => {
    const store = new TypeormSessionStore(stores)
    const hashes: string[] = []
    for (let i = 0; i < 50; i++) {
      hashes.push(newHash())
      await store.create(newSession(), hashes[i])
    }
    const saves = (async () => {
      for (let i = 0; i < 50; i++) await app.getRepository(User).save({ email: `user${i}@example.com`, password: 'not a real hash' })
    })()
    const rotations = Promise.all(hashes.map((hash) => store.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }, T0)))
    const [outcomes] = await Promise.all([rotations, saves])
    expect({ rotated: outcomes.filter((r) => r.outcome === 'rotated').length, users: await app.getRepository(User).count() }).toStrictEqual({ rotated: 50, users: 50 })
  })
})
