import { isCorsPreflight } from './is-cors-preflight'
import { readCookie } from './read-cookie'
import { readHeader } from './read-header'
import { FIXED_FAILURES } from '../errors/to-failure'
import { REQUIRED, type Failure, type Mode, type RequestLike } from '../types'

/**
 * A token, a table row to answer with, or null when there is nothing to judge: an optional door
 * got no token at all, or the request is a CORS preflight (let through with no user, either mode).
 */
export type ExtractToken = (request: RequestLike) => string | Failure | null

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
      if (request.method === 'OPTIONS' && isCorsPreflight(request)) return null
      // Cookie JSON injection: cookie-parser turns `auth=j:{"user":…}` into an object, which the
      // pipeline would hand back as if it were its answer. A cookie named `__proto__` or
      // `constructor` reads an object too.
      const value: unknown = request.cookie !== undefined ? request.cookie(cookieName) : cookieOf(request, cookieName)
      return typeof value === 'string' && value !== '' ? value : missing
    }
  }
  return (request) => {
    // One comparison for every other request: only an OPTIONS one is asked for more.
    if (request.method === 'OPTIONS' && isCorsPreflight(request)) return null
    const value = readHeader(request, 'authorization')
    if (typeof value !== 'string' || value === '') return missing
    return bearerToken(value) ?? FIXED_FAILURES.notBearer
  }
}

function cookieOf(request: RequestLike, name: string): string | undefined {
  const header = readHeader(request, 'cookie')
  return typeof header === 'string' ? readCookie(header, name) : undefined
}

/**
 * What follows `Bearer` and the spaces after it, or undefined when nothing does. RFC 6750 §2.1's
 * other rule, no whitespace in the token (/^bearer +(\S+)$/i in all), is the verify step's first
 * check (createTokenVerifier), so that a cached token is not scanned on every request.
 */
export function bearerToken(value: string): string | undefined {
  // RFC 7235 §2.1: the scheme is case-insensitive; `| 32` lower-cases an ASCII letter, nothing else
  // maps onto one.
  if (
    (value.charCodeAt(0) | 32) !== 98 || // b
    (value.charCodeAt(1) | 32) !== 101 || // e
    (value.charCodeAt(2) | 32) !== 97 || // a
    (value.charCodeAt(3) | 32) !== 114 || // r
    (value.charCodeAt(4) | 32) !== 101 || // e
    (value.charCodeAt(5) | 32) !== 114 || // r
    value.charCodeAt(6) !== 32
  ) {
    return undefined
  }
  // 1*SP between scheme and token.
  let start = 7
  while (value.charCodeAt(start) === 32) start++
  if (start === value.length) return undefined
  return value.slice(start)
}
