import type { StoredSession } from '../session-store'

/** The columns `toStoredSession` reads, for a SELECT. */
export const SESSION_COLUMNS = 'sid, sub, caps, claims, created_at, expires_at, access_expires_at, revoked_at'

/**
 * A row of `auth_session` as the `StoredSession` every store answers: numbers for the times
 * (PostgreSQL answers a bigint as a string), no `null` fields.
 */
export function toStoredSession(row: Record<string, unknown>): StoredSession {
  return {
    sid: row.sid as string,
    sub: row.sub as string,
    ...(row.caps !== null && { caps: row.caps as string }),
    ...(row.claims !== null && { claims: JSON.parse(row.claims as string) as Record<string, unknown> }),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    accessExpiresAt: Number(row.access_expires_at),
    ...(row.revoked_at !== null && { revokedAt: Number(row.revoked_at) }),
  }
}
