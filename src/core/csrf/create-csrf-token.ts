import { randomBytes } from 'node:crypto'

import type { CsrfSettings } from './csrf-settings'

/** The session a CSRF token is bound to. */
export interface CsrfSession {
  /** The subject (the user id), as in the access token's `sub`. */
  sub: string
  /** The session id, as in the access token's `sid`, when tokens carry one. */
  sid?: string
  /** When the session ends (seconds since the epoch): the token is refused from then on. */
  exp: number
}

/** What a CSRF token carries, once verified: the session's `sub`, `sid` and end, and a nonce. */
export interface CsrfClaims {
  sub: string
  sid?: string
  exp: number
  /** 128 random bits, so that no two tokens are alike. */
  n: string
}

/**
 * Makes the token of the `XSRF-TOKEN` cookie: `base64url(claims).base64url(HMAC-SHA256)`. Two
 * parts, so it is never a JWT: a page script may read it, and it must never pass as an access token.
 * @param session the subject, session id and end the token is bound to.
 * @param settings from `createCsrfSettings`.
 * @throws TypeError for a session without a string `sub` or a whole-number `exp`.
 * @example
 * const csrfToken = createCsrfToken({ sub: payload.sub, sid: payload.sid, exp: session.exp }, csrf)
 */
export function createCsrfToken(session: CsrfSession, settings: CsrfSettings): string {
  const { sub, sid, exp } = session
  if (typeof sub !== 'string' || sub === '') throw new TypeError('jwt-hooks: a CSRF token needs the session\'s "sub" (a string)')
  if (sid !== undefined && (typeof sid !== 'string' || sid === '')) throw new TypeError('jwt-hooks: "sid" must be a string')
  if (!Number.isSafeInteger(exp) || exp <= 0) throw new TypeError('jwt-hooks: "exp" must be a whole number of seconds since the epoch')
  const claims: CsrfClaims = sid === undefined ? { sub, exp, n: nonce() } : { sub, sid, exp, n: nonce() }
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${body}.${settings.mac(body).toString('base64url')}`
}

function nonce(): string {
  return randomBytes(16).toString('base64url')
}
