const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  // The `ms` package's year, which jsonwebtoken reads `expiresIn` with: 365.25 days.
  y: 31_557_600_000,
}
const DURATION = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i

/**
 * A duration as the configuration gives it (a number of seconds, or `"1h"`, `"7d"`, `"90 minutes"`)
 * in whole seconds, rounded down as jsonwebtoken rounds `expiresIn`.
 * @param value a value `readJwtConfig` accepted.
 * @throws TypeError for anything else (a programmer's error: the config was checked).
 */
export function durationSeconds(value: string | number): number {
  if (typeof value === 'number') return Math.floor(value)
  if (/^\d+$/.test(value)) return Number(value)
  const match = DURATION.exec(value.trim())
  const unit = match === null ? undefined : UNIT_MS[match[2].toLowerCase()]
  if (match === null || unit === undefined) throw new TypeError(`jwt-hooks: "${value}" is not a duration`)
  return Math.floor((Number(match[1]) * unit) / 1000)
}
