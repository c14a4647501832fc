import type { BaseEntity, DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm'

const SAFE_INTEGER = /^-?\d{1,15}$/
const NUMERIC_TYPES = /int|numeric|decimal|float|double|real/i

/**
 * Builds a `user` option that loads a TypeORM entity by the token's `sub`.
 * A numeric primary key only matches a `sub` that is an integer: `abc` finds no user (row 12).
 * @param entity the entity class (a BaseEntity subclass, or any entity when `dataSource` is given).
 * @param dataSource the data source to query; omitted, the entity's own (BaseEntity) is used.
 * @example
 * @JWTRequired({ user: fetchUser(User) })
 */
export function fetchUser<T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  dataSource?: DataSource,
): (id: string) => Promise<T | undefined> {
  let lookup: { repository: Repository<T>; column: string; numeric: boolean } | undefined
  return async (id: string) => {
    lookup ??= describe(entity, dataSource)
    if (lookup.numeric && !SAFE_INTEGER.test(id)) return undefined
    const key = lookup.numeric ? Number(id) : id
    return (await lookup.repository.findOneBy({ [lookup.column]: key } as any)) ?? undefined
  }
}

function describe<T extends ObjectLiteral>(entity: EntityTarget<T>, dataSource?: DataSource) {
  const repository = dataSource
    ? dataSource.getRepository(entity)
    : ((entity as unknown as typeof BaseEntity).getRepository() as unknown as Repository<T>)
  const [primary] = repository.metadata.primaryColumns
  if (primary === undefined) throw new TypeError(`jwt-hooks: fetchUser: ${repository.metadata.name} has no primary column`)
  const numeric = primary.type === Number || NUMERIC_TYPES.test(String(primary.type))
  return { repository, column: primary.propertyName, numeric }
}
