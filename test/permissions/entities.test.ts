import { QueryFailedError } from 'typeorm'

import { fetchUser } from '../../src/typeorm/fetch-user'
import { fetchUserWithPermissions } from '../../src/typeorm/fetch-user-with-permissions'
import { Group } from '../../src/typeorm/group.entity'
import { Permission } from '../../src/typeorm/permission.entity'
import { User } from '../../src/typeorm/user.entity'
import { createTestDatabase, Member, seed } from '../support/database'
import { createPermissionDatabase, SEEDED, seedPermissions } from './support/permission-database'

const { dataSource, counter } = createPermissionDatabase()
const load = fetchUserWithPermissions(User, dataSource)

beforeAll(() => seedPermissions(dataSource))
afterAll(() => dataSource.destroy())

describe('schema: the tables and join tables of @foal/typeorm, so an app can move over as it is', () => {
  test('tables and their columns', async () => {
    const tables: { name: string }[] = await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    const columns: Record<string, string[]> = {}
    for (const { name } of tables) {
      const info: { name: string }[] = await dataSource.query(`PRAGMA table_info("${name}")`)
      columns[name] = info.map((column) => column.name)
    }
    expect(columns).toStrictEqual({
      group: ['id', 'name', 'codeName'],
      group_permissions_permission: ['groupId', 'permissionId'],
      permission: ['id', 'name', 'codeName'],
      user: ['id', 'email', 'password'],
      user_groups_group: ['userId', 'groupId'],
      user_user_permissions_permission: ['userId', 'permissionId'],
    })
  })

  test.each([
    { entity: Permission, row: { codeName: 'read-a', name: 'Again' } },
    { entity: Group, row: { codeName: 'editors', name: 'Again' } },
  ])('a second $entity.name with the same codeName is refused by the database', async ({ entity, row }) => {
    const saving = dataSource.getRepository<Permission | Group>(entity).insert(row)
    await expect(saving).rejects.toThrow(QueryFailedError)
    await expect(saving).rejects.toThrow(/UNIQUE constraint failed: \w+\.codeName/)
  })
})

describe('hasPerm on a user loaded by fetchUserWithPermissions', () => {
  test.each([
    { who: 'ann', codeName: 'read-a', expected: true },
    { who: 'ann', codeName: 'write-a', expected: true },
    { who: 'ann', codeName: 'delete-a', expected: false },
    { who: 'bob', codeName: 'delete-a', expected: true },
    { who: 'bob', codeName: 'read-a', expected: false },
    { who: 'cat', codeName: 'read-a', expected: false },
    { who: 'cat', codeName: 'nobody', expected: false },
    { who: 'dan', codeName: 'read-a', expected: true },
    { who: 'dan', codeName: 'write-a', expected: true },
    { who: 'dan', codeName: 'delete-a', expected: true },
    // A group's codeName is no permission, nor is a case variant or a prefix of one.
    { who: 'dan', codeName: 'admins', expected: false },
    { who: 'dan', codeName: 'READ-A', expected: false },
    { who: 'dan', codeName: 'read', expected: false },
    { who: 'dan', codeName: '', expected: false },
  ] as const)('$who hasPerm($codeName) is $expected', async ({ who, codeName, expected }) => {
    const user = await load(String(SEEDED[who]))
    expect(user?.hasPerm(codeName)).toBe(expected)
  })

  test('the user comes with its permissions, its groups and theirs, each once', async () => {
    const dan = await load(String(SEEDED.dan))
    const codes = (permissions: Permission[]) => permissions.map((permission) => permission.codeName).sort()
    expect({
      email: dan?.email,
      userPermissions: codes(dan!.userPermissions),
      groups: dan!.groups.map((group) => ({ codeName: group.codeName, permissions: codes(group.permissions) })).sort((a, b) => a.codeName.localeCompare(b.codeName)),
    }).toStrictEqual({
      email: 'dan@example.com',
      userPermissions: ['read-a'],
      groups: [
        { codeName: 'admins', permissions: ['delete-a'] },
        { codeName: 'editors', permissions: ['read-a', 'write-a'] },
      ],
    })
  })
})

describe('a permission check costs no extra query when the user was loaded with its permissions', () => {
  test('fetchUserWithPermissions sends one SELECT (joins); hasPerm sends none', async () => {
    const { result: dan, queries } = await counter.during(() => load(String(SEEDED.dan)))
    expect(queries).toHaveLength(1)
    const tables = [...queries[0].matchAll(/(FROM|LEFT JOIN) "(\w+)"/g)].map(([, how, table]) => `${how} ${table}`)
    expect(tables).toStrictEqual([
      'FROM user',
      'LEFT JOIN user_user_permissions_permission',
      'LEFT JOIN permission',
      'LEFT JOIN user_groups_group',
      'LEFT JOIN group',
      'LEFT JOIN group_permissions_permission',
      'LEFT JOIN permission',
    ])
    const { queries: later } = await counter.during(async () => [dan!.hasPerm('delete-a'), dan!.hasPerm('write-a'), dan!.hasPerm('nope')])
    expect(later).toStrictEqual([])
  })

  test('a sub that cannot be an id sends no query at all', async () => {
    const { result, queries } = await counter.during(() => Promise.all(['01', '1.0', 'abc', '', '-0'].map((sub) => load(sub))))
    expect({ result, queries }).toStrictEqual({ result: [undefined, undefined, undefined, undefined, undefined], queries: [] })
  })

  test('an id of no user is undefined after one query', async () => {
    const { result, queries } = await counter.during(() => load('999'))
    expect([result, queries.length]).toStrictEqual([undefined, 1])
  })
})

describe('fail closed', () => {
  test('a UserWithPermissions loaded without its relations (fetchUser) holds no permission', async () => {
    const ann = await fetchUser(User, dataSource)(String(SEEDED.ann))
    expect([ann?.email, ann?.hasPerm('read-a'), ann?.hasPerm('write-a')]).toStrictEqual(['ann@example.com', false, false])
  })

  test('a permission deleted is gone from its users and groups (join rows cascade)', async () => {
    const temporary = await dataSource.getRepository(Permission).save({ codeName: 'temporary', name: 'Temporary' })
    const group = await dataSource.getRepository(Group).save({ codeName: 'temps', name: 'Temps', permissions: [temporary] })
    const user = await dataSource.getRepository(User).save({ email: 'eve@example.com', password: 'x', groups: [group], userPermissions: [temporary] })
    expect((await load(String(user.id)))?.hasPerm('temporary')).toBe(true)
    await dataSource.getRepository(Permission).delete({ codeName: 'temporary' })
    const reloaded = await load(String(user.id))
    expect([reloaded?.hasPerm('temporary'), reloaded?.userPermissions, reloaded?.groups.map((g) => g.permissions)]).toStrictEqual([false, [], [[]]])
  })

  test('an entity that does not extend UserWithPermissions is a TypeError naming it, at the first call', async () => {
    const other = createTestDatabase()
    await seed(other)
    try {
      await expect(fetchUserWithPermissions(Member as any, other)('1')).rejects.toThrow(
        new TypeError('jwt-hooks: fetchUserWithPermissions: Member has no "groups" relation; make it extend UserWithPermissions'),
      )
    } finally {
      await other.destroy()
    }
  })
})
