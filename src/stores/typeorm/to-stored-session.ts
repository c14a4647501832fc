import type { StoredSession } from '../session-store'
import type { AuthSession } from './auth-session.entity'

/** A row of `auth_session` as the `StoredSession` every store answers (no `null` fields). */
export function toStoredSession(row: AuthSession): StoredSession {
  return {
    sid: row.sid,
    sub: row.sub,
    ...(row.caps !== null && { caps: row.caps }),
    ...(row.claims !== null && { claims: JSON.parse(row.claims) as Record<string, unknown> }),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    accessExpiresAt: row.accessExpiresAt,
    ...(row.revokedAt !== null && { revokedAt: row.revokedAt }),
  }
}
