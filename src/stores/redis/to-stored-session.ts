import type { StoredSession } from '../session-store'

/** A session as HGETALL answers its hash (a flat list of fields and values), without `current`. */
export function toStoredSession(sid: string, flat: string[]): StoredSession {
  const fields: Record<string, string> = {}
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1]
  return {
    sid,
    sub: fields.sub,
    ...(fields.caps !== undefined && { caps: fields.caps }),
    ...(fields.claims !== undefined && { claims: JSON.parse(fields.claims) as Record<string, unknown> }),
    createdAt: Number(fields.createdAt),
    expiresAt: Number(fields.expiresAt),
    accessExpiresAt: Number(fields.accessExpiresAt),
    ...(fields.revokedAt !== undefined && { revokedAt: Number(fields.revokedAt) }),
  }
}

/** The hash fields `create` writes for a checked session (what `toStoredSession` reads back). */
export function toSessionFields(session: StoredSession): string[] {
  const fields = ['sub', session.sub, 'createdAt', String(session.createdAt), 'expiresAt', String(session.expiresAt), 'accessExpiresAt', String(session.accessExpiresAt)]
  if (session.caps !== undefined) fields.push('caps', session.caps)
  if (session.claims !== undefined) fields.push('claims', JSON.stringify(session.claims))
  return fields
}
