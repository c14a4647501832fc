import type { BaseEntity, DataSource, EntityTarget, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm'

import { primaryKeyRule } from './primary-key-rule'

/** An entity's repository and how a token's `sub` becomes a condition on its primary key. */
export interface ByPrimaryKey<T extends ObjectLiteral> {
  repository: Repository<T>
  /** The condition for that id, or undefined when the `sub` cannot be an id of the entity (row 12). */
  where(id: string): FindOptionsWhere<T> | undefined
}

/**
 * Reads the entity's primary key once: the id rule every user loader shares (`fetchUser`,
 * `fetchUserWithPermissions`), so a `sub` names the same user, or none, whichever loads it.
 * Called on the first request, not at decoration: the DataSource may not be open before.
 * @param entity the entity class (a BaseEntity subclass, or any entity when `dataSource` is given).
 * @param dataSource the data source to query; omitted, the entity's own (BaseEntity) is used.
 * @param caller named in the error.
 * @throws TypeError when the entity has no primary column.
 */
export function byPrimaryKey<T extends ObjectLiteral>(entity: EntityTarget<T>, dataSource: DataSource | undefined, caller: string): ByPrimaryKey<T> {
  const repository = dataSource
    ? dataSource.getRepository(entity)
    : ((entity as unknown as typeof BaseEntity).getRepository() as unknown as Repository<T>)
  const [primary] = repository.metadata.primaryColumns
  if (primary === undefined) throw new TypeError(`jwt-hooks: ${caller}: ${repository.metadata.name} has no primary column`)
  const column = primary.propertyName
  const toKey = primaryKeyRule(repository.manager.connection, primary)
  return {
    repository,
    where(id) {
      const key = toKey(id)
      return key === undefined ? undefined : ({ [column]: key } as FindOptionsWhere<T>)
    },
  }
}
