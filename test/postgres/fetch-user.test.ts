import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm'

import { Group } from '../../src/typeorm/group.entity'
import { Permission } from '../../src/typeorm/permission.entity'
import { createDataSource } from '../../src/typeorm/data-source'
import { fetchUser } from '../../src/typeorm/fetch-user'
import { fetchUserWithPermissions } from '../../src/typeorm/fetch-user-with-permissions'
import { User } from '../../src/typeorm/user.entity'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { invalidToken, ok } from '../support/answers'
import { send } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'
import { createDatabase, type TestDatabase } from '../support/services'
import { postgresFolder, type PostgresFolder } from './support/postgres-folder'

// fetchUser and fetchUserWithPermissions on PostgreSQL, through the ormconfig.json DataSource
// of the demo and the CLI. PostgreSQL answers a value its key column cannot hold with an error,
// where SQLite finds no row: such a `sub` must name no user (row 12), never a 500.

/** A key of 64 bits: pg answers it as a string, beyond 2^53 a number would name another row. */
@Entity()
class Ledger {
  @PrimaryColumn({ type: 'bigint' })
  id!: string

  @Column()
  name!: string
}

@Entity()
class Device {
  @PrimaryColumn({ type: 'uuid' })
  id!: string

  @Column()
  name!: string
}

@Entity()
class Desk {
  @PrimaryColumn({ type: 'smallint' })
  id!: number

  @Column()
  name!: string
}

const [HS] = KEY_KINDS
const NOT_CANONICAL = ['01', '001', '1.0', '1.', '+1', ' 1', '1 ', '1e0', '0x1', '-0', '1_0', '９', '', 'abc']
// Safe integers, canonical, that an `integer` (32 bits) cannot hold: PostgreSQL would refuse the query.
const BEYOND_INT4 = ['2147483648', '-2147483649', '9007199254740991', '99999999999']
const UNKNOWN_USER = invalidToken('The token subject does not match any user.')
const DEVICE_ID = '6f1c2a4e-93b1-4c7d-8e2f-0a9b8c7d6e5f'
const BIG_ID = '9007199254740993'

let folder: PostgresFolder
let dataSource: DataSource
let otherDb: TestDatabase
let other: DataSource

beforeAll(async () => {
  folder = await postgresFolder('fields')
  dataSource = createDataSource({ cwd: folder.cwd })
  await dataSource.initialize()
  const admin = await dataSource.getRepository(Permission).save({ codeName: 'admin', name: 'Administrators' })
  const audit = await dataSource.getRepository(Permission).save({ codeName: 'audit', name: 'Read the logs' })
  const auditors = await dataSource.getRepository(Group).save({ codeName: 'auditors', name: 'Auditors', permissions: [audit] })
  await dataSource.getRepository(User).save({ email: 'ann@example.com', password: 'not-a-hash', userPermissions: [admin], groups: [auditors] })

  otherDb = await createDatabase()
  other = new DataSource({ type: 'postgres', url: otherDb.url, entities: [Ledger, Device, Desk], synchronize: true })
  await other.initialize()
  await other.getRepository(Ledger).save({ id: BIG_ID, name: 'beyond 2^53' })
  await other.getRepository(Device).save({ id: DEVICE_ID, name: 'phone' })
  await other.getRepository(Desk).save({ id: 7, name: 'desk 7' })
}, 60_000)

afterAll(async () => {
  await dataSource?.destroy()
  await other?.destroy()
  await folder?.remove()
  await otherDb?.drop()
})

describe('fetchUser(User) on PostgreSQL (an integer key, serial)', () => {
  const load = (sub: string) => fetchUser(User, dataSource)(sub)

  test('"1" loads user 1, its id a number as on SQLite', async () => {
    const user = await load('1')
    expect(user).toBeInstanceOf(User)
    expect({ ...user }).toStrictEqual({ id: 1, email: 'ann@example.com', password: 'not-a-hash' })
  })

  test.each(NOT_CANONICAL)('%j names no user', async (sub) => {
    expect(await load(sub)).toBeUndefined()
  })

  test.each(BEYOND_INT4)('%j, beyond a 32-bit integer, names no user rather than failing the query', async (sub) => {
    expect(await load(sub)).toBeUndefined()
  })

  test.each(['2147483647', '-2147483648', '2'])('%j, which the column can hold, is asked for and not found', async (sub) => {
    expect(await load(sub)).toBeUndefined()
  })
})

describe('fetchUserWithPermissions(User) on PostgreSQL', () => {
  const load = (sub: string) => fetchUserWithPermissions(User, dataSource)(sub)

  test('"1" loads user 1 with its permissions and groups in one go', async () => {
    const user = await load('1')
    expect(user?.id).toBe(1)
    expect([user?.hasPerm('admin'), user?.hasPerm('audit'), user?.hasPerm('delete-users')]).toStrictEqual([true, true, false])
    expect(user?.groups.map((group) => group.codeName)).toStrictEqual(['auditors'])
  })

  test.each([...NOT_CANONICAL, ...BEYOND_INT4])('%j names no user', async (sub) => {
    expect(await load(sub)).toBeUndefined()
  })
})

describe('fetchUser on other key types of PostgreSQL', () => {
  test('bigint: the decimal string pg answers, beyond 2^53 too; a neighbour, a zero in front or beyond 64 bits names none', async () => {
    const load = fetchUser(Ledger, other)
    expect({ ...(await load(BIG_ID)) }).toStrictEqual({ id: BIG_ID, name: 'beyond 2^53' })
    for (const sub of ['9007199254740992', `0${BIG_ID}`, '9223372036854775808', '-9223372036854775809', '1.5']) expect(await load(sub)).toBeUndefined()
    expect(await load('9223372036854775807')).toBeUndefined()
  })

  test('uuid: its lower-case form only; any other text names none rather than failing the query', async () => {
    const load = fetchUser(Device, other)
    expect({ ...(await load(DEVICE_ID)) }).toStrictEqual({ id: DEVICE_ID, name: 'phone' })
    for (const sub of [DEVICE_ID.toUpperCase(), DEVICE_ID.replace(/-/g, ''), `{${DEVICE_ID}}`, 'abc', '1']) expect(await load(sub)).toBeUndefined()
  })

  test('smallint: 16 bits', async () => {
    const load = fetchUser(Desk, other)
    expect({ ...(await load('7')) }).toStrictEqual({ id: 7, name: 'desk 7' })
    for (const sub of ['32768', '-32769', '40000']) expect(await load(sub)).toBeUndefined()
  })
})

describe.each(DOORS)('door $name over fetchUser(User) on PostgreSQL', (door) => {
  let server: Running
  beforeAll(async () => {
    const routes: RouteSpec[] = [{ path: '/me', mode: 'required', options: { secretOrPublicKey: HS.verifyKey, user: fetchUser(User, dataSource) } }]
    server = await door.start(routes)
  })
  afterAll(() => server?.close())

  test('sub "1" is let through with user 1', async () => {
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${tokenFor(HS, { sub: '1' })}` })).toStrictEqual(
      ok({ id: 1, email: 'ann@example.com', password: 'not-a-hash' }),
    )
  })

  test.each(['01', '2147483648', '99999999999'])('sub %j: row 12, not a 500', async (sub) => {
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${tokenFor(HS, { sub })}` })).toStrictEqual(UNKNOWN_USER)
  })
})
