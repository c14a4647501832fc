import type { Answer, TypedAnswer } from './http'

// Expected answers are written out here, never imported from the code under test.

export const invalidRequest = (description: string): Answer => ({
  status: 400,
  body: { code: 'invalid_request', description },
  wwwAuthenticate: null,
})

export const invalidToken = (description: string): Answer => ({
  status: 401,
  body: { code: 'invalid_token', description },
  wwwAuthenticate: `error="invalid_token", error_description="${description.replace(/["\\]/g, '\\$&')}"`,
})

export const ok = (user: unknown): Answer => ({ status: 200, body: { user }, wwwAuthenticate: null })

export const NO_HEADER = invalidRequest('Authorization header not found.')
export const NO_COOKIE = invalidRequest('Auth cookie not found.')
export const NOT_BEARER = invalidRequest('Expected a bearer token. Scheme is Authorization: Bearer <token>.')
export const MALFORMED = invalidToken('jwt malformed')
export const BAD_SIGNATURE = invalidToken('invalid signature')
export const BAD_ALGORITHM = invalidToken('invalid algorithm')
export const NO_SIGNATURE = invalidToken('jwt signature is required')
export const NOT_A_TOKEN = invalidToken('invalid token')
export const EXPIRED = invalidToken('jwt expired')
export const NOT_ACTIVE = invalidToken('jwt not active')
export const REVOKED = invalidToken('jwt revoked')
export const UNSUPPORTED_CRIT = invalidToken('jwt crit header not supported')
/** A blackList or user loader that threw: fail closed, say nothing. */
export const FAULT: Answer = { status: 500, body: '', wwwAuthenticate: null }
/** A blackList or user loader that did not answer within `timeout`. */
export const TIMED_OUT: Answer = { status: 503, body: '', wwwAuthenticate: null }

/** Every JSON answer (a refusal's body, a route's `{ user }`) is sent as this type. */
export const JSON_TYPE = 'application/json; charset=utf-8'

/** An answer with the Content-Type its body is sent with: JSON, or none for an empty body (500, 503). */
export const typed = (answer: Answer): TypedAnswer => ({ ...answer, contentType: answer.body === '' ? null : JSON_TYPE })
