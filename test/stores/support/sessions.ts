import { createHash, randomBytes } from 'node:crypto'

import type { NewSession } from '../../../src/stores'

/** The tests' clock: every time is data, counted from here in milliseconds. */
export const T0 = 1_700_000_000_000
export const HOUR = 3_600_000
export const DAY = 24 * HOUR

/** A fresh sid, as the issuer makes them: 128 random bits, base64url. */
export function newSid(): string {
  return randomBytes(16).toString('base64url')
}

/** The SHA-256 (base64url) of a fresh refresh token, as the store receives it. */
export function newHash(): string {
  return createHash('sha256').update(randomBytes(32)).digest('base64url')
}

/** A session signed in at T0: one-hour access token, seven-day session. */
export function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return { sid: newSid(), sub: 'user-1', createdAt: T0, expiresAt: T0 + 7 * DAY, accessExpiresAt: T0 + HOUR, ...overrides }
}
