import { DataSource } from 'typeorm'

import { Group } from '../../../src/typeorm/group.entity'
import { Permission } from '../../../src/typeorm/permission.entity'
import { User } from '../../../src/typeorm/user.entity'
import { QueryCounter } from './query-counter'

/**
 * Who holds what in the seeded database:
 * - ann (1): group `editors` (read-a, write-a)
 * - bob (2): `delete-a` directly
 * - cat (3): nothing, though in group `nobody` (no permissions)
 * - dan (4): groups `editors` and `admins` (delete-a), and `read-a` directly too
 */
export const SEEDED = { ann: 1, bob: 2, cat: 3, dan: 4 } as const

/** A real SQLite database (a file or `:memory:`) with the package's User, Group and Permission. */
export function createPermissionDatabase(database = ':memory:'): { dataSource: DataSource; counter: QueryCounter } {
  const counter = new QueryCounter()
  const dataSource = new DataSource({ type: 'sqlite', database, entities: [User, Group, Permission], synchronize: true, logger: counter })
  return { dataSource, counter }
}

export async function seedPermissions(dataSource: DataSource): Promise<void> {
  await dataSource.initialize()
  const permissions = dataSource.getRepository(Permission)
  const [readA, writeA, deleteA] = await permissions.save([
    { codeName: 'read-a', name: 'Read A' },
    { codeName: 'write-a', name: 'Write A' },
    { codeName: 'delete-a', name: 'Delete A' },
  ])
  const groups = dataSource.getRepository(Group)
  const [editors, admins, nobody] = await groups.save([
    { codeName: 'editors', name: 'Editors', permissions: [readA, writeA] },
    { codeName: 'admins', name: 'Administrators', permissions: [deleteA] },
    { codeName: 'nobody', name: 'Nobody', permissions: [] },
  ])
  await dataSource.getRepository(User).save([
    { email: 'ann@example.com', password: 'x', groups: [editors], userPermissions: [] },
    { email: 'bob@example.com', password: 'x', groups: [], userPermissions: [deleteA] },
    { email: 'cat@example.com', password: 'x', groups: [nobody], userPermissions: [] },
    { email: 'dan@example.com', password: 'x', groups: [editors, admins], userPermissions: [readA] },
  ])
}
