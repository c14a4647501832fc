import type { NewSession, StoredSession } from './session-store'

const MAX_SID = 64
const MAX_SUB = 255

/**
 * Checks a session given to `create` and copies it without `undefined` fields, so every store
 * answers the same object. Bad values are a programmer's error.
 * @throws TypeError naming the field.
 */
export function checkNewSession(session: NewSession): StoredSession {
  const { sid, sub, caps, claims, createdAt, expiresAt, accessExpiresAt } = session
  if (typeof sid !== 'string' || sid.length === 0 || sid.length > MAX_SID) fail('sid', `a string of 1 to ${MAX_SID} characters`)
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB) fail('sub', `a string of 1 to ${MAX_SUB} characters`)
  if (caps !== undefined && typeof caps !== 'string') fail('caps', 'a string')
  if (claims !== undefined && (typeof claims !== 'object' || claims === null || Array.isArray(claims))) fail('claims', 'a JSON object')
  for (const [name, value] of Object.entries({ createdAt, expiresAt, accessExpiresAt })) {
    if (!Number.isSafeInteger(value)) fail(name, 'milliseconds since the epoch, a whole number')
  }
  return {
    sid,
    sub,
    ...(caps !== undefined && { caps }),
    ...(claims !== undefined && { claims: JSON.parse(JSON.stringify(claims)) as Record<string, unknown> }),
    createdAt,
    expiresAt,
    accessExpiresAt,
  }
}

function fail(field: string, expected: string): never {
  throw new TypeError(`jwt-hooks: session "${field}" must be ${expected}`)
}
