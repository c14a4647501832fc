import type { DataSource, EntityTarget, FindOptionsRelations } from 'typeorm'

import { byPrimaryKey, type ByPrimaryKey } from './by-primary-key'
import type { UserWithPermissions } from './user-with-permissions.entity'

const RELATIONS = { userPermissions: true, groups: { permissions: true } } as const

/**
 * Builds a `user` option that loads a `UserWithPermissions` entity by the token's `sub`, with its
 * own permissions, its groups and their permissions, in one query (joins): `hasPerm` and
 * `PermissionRequired` then cost nothing more. The `sub` names a user as for `fetchUser`.
 * @param entity the user entity class, extending UserWithPermissions.
 * @param dataSource the data source to query; omitted, the entity's own (BaseEntity) is used.
 * @example
 * @JWTRequired({ user: fetchUserWithPermissions(User) })
 * @PermissionRequired('delete-users')
 * class AdminController {}
 */
export function fetchUserWithPermissions<T extends UserWithPermissions>(
  entity: EntityTarget<T>,
  dataSource?: DataSource,
): (id: string) => Promise<T | undefined> {
  let lookup: ByPrimaryKey<T> | undefined
  return async (id: string) => {
    lookup ??= describe(entity, dataSource)
    const where = lookup.where(id)
    if (where === undefined) return undefined
    // find, not findOne: with joins, a LIMIT makes TypeORM run a second query for the distinct
    // ids first. The primary key matches one row of the user, so no limit is needed.
    const [user] = await lookup.repository.find({
      where,
      relations: RELATIONS as FindOptionsRelations<T>,
      relationLoadStrategy: 'join',
    })
    return user
  }
}

function describe<T extends UserWithPermissions>(entity: EntityTarget<T>, dataSource?: DataSource): ByPrimaryKey<T> {
  const lookup = byPrimaryKey(entity, dataSource, 'fetchUserWithPermissions')
  const { metadata } = lookup.repository
  for (const relation of ['groups', 'userPermissions']) {
    if (metadata.findRelationWithPropertyPath(relation) === undefined) {
      throw new TypeError(`jwt-hooks: fetchUserWithPermissions: ${metadata.name} has no "${relation}" relation; make it extend UserWithPermissions`)
    }
  }
  return lookup
}
