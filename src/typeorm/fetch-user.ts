import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm'

import { byPrimaryKey, type ByPrimaryKey } from './by-primary-key'

/**
 * Builds a `user` option that loads a TypeORM entity by the token's `sub`.
 * A numeric primary key only matches a `sub` that is the canonical decimal form of a safe integer
 * (`String(Number(sub)) === sub`): `abc`, `01`, `1.0`, `+1`, ` 1`, `1e0` or `-0` find no user (row 12).
 * On PostgreSQL a `sub` the key column cannot hold (beyond a 32-bit `integer`, not a lower-case
 * `uuid`) finds no user too, rather than a query error; a `bigint` key is matched as a decimal string.
 * @param entity the entity class (a BaseEntity subclass, or any entity when `dataSource` is given).
 * @param dataSource the data source to query; omitted, the entity's own (BaseEntity) is used.
 * @example
 * @JWTRequired({ user: fetchUser(User) })
 */
export function fetchUser<T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  dataSource?: DataSource,
): (id: string) => Promise<T | undefined> {
  let lookup: ByPrimaryKey<T> | undefined
  return async (id: string) => {
    lookup ??= byPrimaryKey(entity, dataSource, 'fetchUser')
    const where = lookup.where(id)
    if (where === undefined) return undefined
    return (await lookup.repository.findOneBy(where)) ?? undefined
  }
}
