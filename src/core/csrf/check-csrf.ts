import { timingSafeEqual } from 'node:crypto'

import { readCookie } from '../extract/read-cookie'
import { readHeader } from '../extract/read-header'
import type { RequestLike } from '../types'
import type { CsrfSettings } from './csrf-settings'
import { verifyCsrfToken } from './verify-csrf-token'

/** The request as `checkCsrf` reads it: a door's `RequestLike`, and the parsed body when there is one. */
export interface CsrfRequest extends RequestLike {
  /** The parsed body (a form post's fields): its `_csrf` field is read after the two headers. */
  body?: unknown
}

/** Whom the request is authenticated as: the verified access token's payload, or the session. */
export interface CsrfSubject {
  sub?: unknown
  sid?: unknown
}

/** The row of the error table a refused request is answered with (403 `invalid_csrf_token`). */
export type CsrfRefusal = 'invalidCsrfToken'

// RFC 9110 §9.2.1: these change nothing on the server, so a forged one gains an attacker nothing.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])
const HEADERS = ['x-csrf-token', 'x-xsrf-token'] as const

/**
 * The double-submit check of a request that a cookie authenticated: on every method that is not
 * safe (POST, PUT, PATCH, DELETE and any other), the token sent in `X-CSRF-Token`, `X-XSRF-Token`
 * or a `_csrf` body field (the first present) must equal the CSRF cookie, and that cookie must be
 * a token signed with these settings, unexpired, for this subject and session (`sid` when either
 * side has one). Another site cannot read the cookie, so it cannot send it back.
 * Call it after the token verified (and the user loaded), with the token's payload; on
 * `/auth/refresh`, with the session the refresh token belongs to.
 * @param request the request; `cookie(name)`, or the `Cookie` header, for the CSRF cookie.
 * @param subject the verified payload's `sub` and `sid`.
 * @param settings from `createCsrfSettings`.
 * @returns undefined when the request may go on, else `'invalidCsrfToken'`.
 * @example
 * const refusal = checkCsrf({ ...request, body: req.body }, outcome.payload, csrf)
 * if (refusal !== undefined) return toFailure(refusal)
 */
export function checkCsrf(request: CsrfRequest, subject: CsrfSubject, settings: CsrfSettings): CsrfRefusal | undefined {
  if (request.method !== undefined && SAFE_METHODS.has(request.method.toUpperCase())) return undefined
  const cookie = cookieOf(request, settings.cookieName)
  if (cookie === undefined) return 'invalidCsrfToken'
  const sent = sentToken(request)
  if (sent === undefined || !sameText(sent, cookie)) return 'invalidCsrfToken'
  const claims = verifyCsrfToken(cookie, settings)
  if (claims === undefined || claims.sub !== stringOf(subject.sub)) return 'invalidCsrfToken'
  if ((claims.sid !== undefined || subject.sid !== undefined) && claims.sid !== stringOf(subject.sid)) return 'invalidCsrfToken'
  return undefined
}

function cookieOf(request: CsrfRequest, name: string): string | undefined {
  // A parser's cookie may be an object (cookie-parser's `j:` values): only a string is a token.
  const value: unknown = request.cookie !== undefined ? request.cookie(name) : cookieHeader(request, name)
  return typeof value === 'string' && value !== '' ? value : undefined
}

function cookieHeader(request: CsrfRequest, name: string): string | undefined {
  const header = readHeader(request, 'cookie')
  return typeof header === 'string' ? readCookie(header, name) : undefined
}

function sentToken(request: CsrfRequest): string | undefined {
  for (const name of HEADERS) {
    const value = readHeader(request, name)
    if (typeof value === 'string' && value !== '') return value
  }
  const body = request.body
  if (typeof body !== 'object' || body === null) return undefined
  const field: unknown = Object.prototype.hasOwnProperty.call(body, '_csrf') ? (body as Record<string, unknown>)._csrf : undefined
  return typeof field === 'string' && field !== '' ? field : undefined
}

// Constant time: how much of a guess matches is not told by the time the answer takes.
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

// A numeric `sub` (some issuers write one) compares as its text, as the token stores it.
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
}
