import type { Revocation } from './session-store'

const MAX_SID = 64

/**
 * Checks what `recordRevocation` is given, as `checkNewSession` checks a new session: a sid a
 * session could have, whole milliseconds. Bad values are a programmer's error.
 * @throws TypeError naming the field.
 */
export function checkRevocation({ sid, until }: Revocation, now: number): Revocation {
  if (typeof sid !== 'string' || sid.length === 0 || sid.length > MAX_SID) throw new TypeError(`jwt-hooks: "sid" must be a string of 1 to ${MAX_SID} characters`)
  for (const [name, value] of Object.entries({ until, now })) {
    if (!Number.isSafeInteger(value)) throw new TypeError(`jwt-hooks: "${name}" must be milliseconds since the epoch, a whole number`)
  }
  return { sid, until }
}
