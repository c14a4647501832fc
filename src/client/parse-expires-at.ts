/** `expiresAt` in milliseconds since the epoch, or what is wrong with it. */
export type ParsedExpiresAt = { ms: number; problem?: undefined } | { ms?: undefined; problem: string }

// RFC 3339 date-time: a time zone is required, or the same text would mean another instant on
// another device (Date.parse reads a zoneless date-time as local time).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i
// 1e11 ms is March 1973, 1e11 s the year 5138: a smaller number is an `exp` in seconds.
const SMALLEST_MS = 1e11
const LARGEST_MS = 8.64e15

const EXPECTED = 'an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch'

/**
 * Reads `expiresAt` in either of its forms: ISO 8601 (`2030-01-01T00:00:00.000Z`) or milliseconds
 * since the epoch (`1893456000000`). Seconds (a JWT's `exp`) are refused, not taken for 1970.
 *
 * @param value - the `expiresAt` field as received.
 */
export function parseExpiresAt(value: unknown): ParsedExpiresAt {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value > LARGEST_MS) return { problem: `be ${EXPECTED}` }
    if (value < SMALLEST_MS) return { problem: `be ${EXPECTED} (${value} looks like seconds)` }
    return { ms: value }
  }
  if (typeof value === 'string' && ISO_DATE_TIME.test(value)) {
    const ms = Date.parse(value)
    if (Number.isFinite(ms)) return { ms }
  }
  return { problem: `be ${EXPECTED}` }
}
