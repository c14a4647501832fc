import type { ColumnOptions } from 'typeorm'

// PostgreSQL answers a bigint as a string (it may exceed 2^53); milliseconds since the epoch never do.
const TO_NUMBER = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
}

/** A time in milliseconds since the epoch: `bigint` on every database, a number in JavaScript. */
export function epochMsColumn(name: string, options: { nullable?: boolean } = {}): ColumnOptions {
  return { name, type: 'bigint', nullable: options.nullable ?? false, transformer: TO_NUMBER }
}
