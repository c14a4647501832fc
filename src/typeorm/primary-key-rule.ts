import type { DataSource, EntityMetadata } from 'typeorm'

import { toNumericId } from './to-numeric-id'

/** The value a `sub` names in a primary key column, or undefined when it names no row. */
export type PrimaryKeyRule = (id: string) => string | number | undefined

type ColumnMetadata = EntityMetadata['primaryColumns'][number]

const NUMERIC_TYPES = /int|numeric|decimal|float|double|real/i
// PostgreSQL answers a value its column cannot hold with an error (a 500), where SQLite simply
// finds no row: the integer widths of its column types, as TypeORM's driver names them.
const POSTGRES_INTEGER_BITS: Readonly<Record<string, number>> = {
  smallint: 16,
  smallserial: 16,
  serial2: 16,
  integer: 32,
  serial: 32,
  serial4: 32,
  bigint: 64,
  bigserial: 64,
  serial8: 64,
}
const CANONICAL_INTEGER = /^(0|-?[1-9][0-9]*)$/
// PostgreSQL reads a uuid in upper case, in braces or without hyphens too: one spelling only, the
// one it answers (lower case, hyphenated), so one token names one user.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * How a token's `sub` becomes the value of an entity's primary key column, once per entity:
 * numbers only in their canonical decimal form (`toNumericId`), and on PostgreSQL only what the
 * column can hold (a 32-bit `integer`, a 64-bit `bigint` kept as a decimal string, since pg
 * answers bigints as strings, a `uuid`); anything else names no user (row 12), never a query error.
 * @param dataSource the entity's data source.
 * @param column its primary column.
 */
export function primaryKeyRule(dataSource: DataSource, column: ColumnMetadata): PrimaryKeyRule {
  if (dataSource.options.type === 'postgres') {
    const type = dataSource.driver.normalizeType(column)
    const bits = POSTGRES_INTEGER_BITS[type]
    if (bits === 64) return toBigintId
    if (bits !== undefined) return integerWithin(2 ** (bits - 1))
    if (type === 'uuid') return (id) => (UUID.test(id) ? id : undefined)
  }
  return column.type === Number || NUMERIC_TYPES.test(String(column.type)) ? toNumericId : (id) => id
}

function integerWithin(limit: number): PrimaryKeyRule {
  return (id) => {
    const n = toNumericId(id)
    return n !== undefined && n >= -limit && n < limit ? n : undefined
  }
}

const INT8_MIN = -(2n ** 63n)
const INT8_MAX = 2n ** 63n - 1n

/** A bigint id as the decimal string pg answers: beyond 2^53, a JavaScript number would name another row. */
function toBigintId(id: string): string | undefined {
  if (!CANONICAL_INTEGER.test(id) || id.length > 20) return undefined
  const n = BigInt(id)
  return n >= INT8_MIN && n <= INT8_MAX ? id : undefined
}
