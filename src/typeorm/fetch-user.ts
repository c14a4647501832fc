import type { BaseEntity, DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm'

const NUMERIC_TYPES = /int|numeric|decimal|float|double|real/i

/**
 * Builds a `user` option that loads a TypeORM entity by the token's `sub`.
 * A numeric primary key only matches a `sub` that is the canonical decimal form of a safe integer
 * (`String(Number(sub)) === sub`): `abc`, `01`, `1.0`, `+1`, ` 1`, `1e0` or `-0` find no user (row 12).
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
    const key = lookup.numeric ? toNumericId(id) : id
    if (key === undefined) return undefined
    return (await lookup.repository.findOneBy({ [lookup.column]: key } as any)) ?? undefined
  }
}

// One token names one user: `01`, `1.0` or `+1` would all load user 1 through Number(), so only
// the one spelling of an id that Number() and String() give back unchanged names it.
function toNumericId(id: string): number | undefined {
  const n = Number(id)
  return Number.isSafeInteger(n) && String(n) === id ? n : undefined
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
