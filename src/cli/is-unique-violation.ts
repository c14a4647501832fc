import { QueryFailedError } from 'typeorm'

/** A write refused by a unique index or primary key: another process got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && /UNIQUE|duplicate/i.test(error.message)
}
