import { decode } from 'jsonwebtoken'

import type { Reply } from '../../login/support/request'

// Expected answers written out here, never imported from the code under test.
export const INVALID_GRANT = { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' }
export const INVALID_API_KEY = { code: 'invalid_api_key', description: 'Missing or invalid API key.' }
export const REVOKED = {
  status: 401,
  body: { code: 'invalid_token', description: 'jwt revoked' },
  wwwAuthenticate: 'error="invalid_token", error_description="jwt revoked"',
}

/** The parts of an answer a session test judges: status, body and the headers that matter. */
export function judged(reply: Reply) {
  return {
    status: reply.status,
    body: reply.body,
    contentType: reply.headers['content-type'],
    cacheControl: reply.headers['cache-control'],
    wwwAuthenticate: reply.headers['www-authenticate'],
  }
}

/** The one answer of every bad grant. */
export const BAD_GRANT = { status: 400, body: INVALID_GRANT, contentType: 'application/json; charset=utf-8', cacheControl: undefined, wwwAuthenticate: undefined }

/** The 503 of a store fault: an empty body. */
export const UNAVAILABLE = { status: 503, body: '', contentType: undefined, cacheControl: undefined, wwwAuthenticate: undefined }

/** 204 of a logout. */
export const LOGGED_OUT = { status: 204, body: '', contentType: undefined, cacheControl: undefined, wwwAuthenticate: undefined }

/** TOKENS as an answer carries them: a 200, never cached, `token` the access token, `expiresAt` its exp. */
export function tokensAnswer(reply: Reply) {
  const body = reply.body as { accessToken: string; refreshToken: string }
  const { exp } = decode(body.accessToken) as { exp: number }
  return {
    status: 200,
    body: { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: new Date(exp * 1000).toISOString(), token: body.accessToken },
    contentType: 'application/json; charset=utf-8',
    cacheControl: 'no-store',
    wwwAuthenticate: undefined,
  }
}

/** The claims of a token (not verified: the servers do that). */
export function claimsOf(token: string): Record<string, any> {
  return decode(token) as Record<string, any>
}

export interface Pair {
  accessToken: string
  refreshToken: string
}
