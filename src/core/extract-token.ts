import { FIXED_FAILURES } from './to-failure'
import { REQUIRED, type Failure, type Mode, type RequestLike } from './types'

/** A token, a table row to answer with, or null when an optional door got no token at all. */
export type ExtractToken = (request: RequestLike) => string | Failure | null

// RFC 7235 §2.1: the scheme is case-insensitive; RFC 6750 §2.1: one token after 1*SP.
const BEARER = /^bearer +(\S+)$/i

/**
 * Builds the token reader for a door: header or cookie, required or optional.
 * Only a string can be a token: anything else a framework hands over counts as nothing sent.
 * @param mode whether a missing token is refused.
 * @param cookieName the cookie to read, or undefined to read the `Authorization` header.
 */
export function createExtractor(mode: Mode, cookieName: string | undefined): ExtractToken {
  const missing = mode === REQUIRED ? (cookieName === undefined ? FIXED_FAILURES.noHeader : FIXED_FAILURES.noCookie) : null
  if (cookieName !== undefined) {
    return (request) => {
      // Cookie JSON injection: cookie-parser turns `auth=j:{"user":…}` into an object, which the
      // pipeline would hand back as if it were its answer. A cookie named `__proto__` or
      // `constructor` reads an object too.
      const value: unknown = request.cookie(cookieName)
      return typeof value === 'string' && value !== '' ? value : missing
    }
  }
  return (request) => {
    const value: unknown = request.header('authorization')
    if (typeof value !== 'string' || value === '') return missing
    const match = BEARER.exec(value)
    return match === null ? FIXED_FAILURES.notBearer : match[1]
  }
}
