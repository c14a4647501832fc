import { QueryFailedError } from 'typeorm'

/** Whether a TypeORM error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false
  const driverError = error.driverError as { code?: string; message?: string }
  // PostgreSQL: SQLSTATE 23505 unique_violation. SQLite: SQLITE_CONSTRAINT, with its message.
  return driverError.code === '23505' || (driverError.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(driverError.message ?? ''))
}
