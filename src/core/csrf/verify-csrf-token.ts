import { timingSafeEqual } from 'node:crypto'

import type { CsrfClaims } from './create-csrf-token'
import type { CsrfSettings } from './csrf-settings'

const BASE64URL = /^[A-Za-z0-9_-]+$/
// A token is about 150 characters; a longer one is not ours, and is refused before any work.
const MAX_LENGTH = 1024

/**
 * The claims of a CSRF token signed with these settings and not yet expired, else undefined.
 * @param token the cookie's value, as sent.
 * @param settings from `createCsrfSettings` (key and clock).
 */
export function verifyCsrfToken(token: unknown, settings: CsrfSettings): CsrfClaims | undefined {
  if (typeof token !== 'string' || token.length > MAX_LENGTH) return undefined
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined
  const body = token.slice(0, dot)
  const mac = token.slice(dot + 1)
  if (!BASE64URL.test(body) || !BASE64URL.test(mac)) return undefined
  const expected = settings.mac(body)
  const given = Buffer.from(mac, 'base64url')
  // The MAC is compared before the claims are read: a forged body is never parsed.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  const claims = parse(body)
  if (claims === undefined) return undefined
  return claims.exp * 1000 > settings.clock() ? claims : undefined
}

function parse(body: string): CsrfClaims | undefined {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const { sub, sid, exp } = value as Record<string, unknown>
  if (typeof sub !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return undefined
  if (sid !== undefined && typeof sid !== 'string') return undefined
  return value as CsrfClaims
}
