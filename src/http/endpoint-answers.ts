import { LOGIN_ANSWERS, requestError, type LoginAnswer, type PropertyError } from '../login/login-answers'
import type { EndpointAnswer } from './endpoint'

/** An endpoint refusal with a body: status, wire code, fixed description. */
export interface Refusal {
  status: number
  code: string
  description: string
}

/** The refusals of the session endpoints, as data (DESIGN-SESSIONS.md, "Routes and answers"). */
export const ENDPOINT_ANSWERS = {
  // RFC 6749 §5.2: one answer for every cause, so it tells nothing about the token.
  invalidGrant: { status: 400, code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' },
  invalidApiKey: { status: 401, code: 'invalid_api_key', description: 'Missing or invalid API key.' },
  tooManyMints: { status: 429, code: 'too_many_requests', description: 'Too many tokens minted with this API key. Try again later.' },
  // Logout with a valid access token that carries no sid (not issued as part of a session).
  noSession: { status: 400, code: 'invalid_request', description: 'The access token belongs to no session.' },
  // One answer for every refusal of a well-formed answer (unknown, spent, expired, another key's,
  // another text, a wrong signature; a bad AuthToken): which one it was is not told.
  invalidChallenge: { status: 401, code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' },
  tooManyChallenges: { status: 429, code: 'too_many_requests', description: 'Too many challenges of this key are waiting: answer one, or ask again once one has expired.' },
} as const satisfies Record<string, Refusal>

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>
const NO_STORE = Object.freeze({ 'Cache-Control': 'no-store' }) as Record<string, string>

/** The answer of a refusal (its body `{ code, description }`). */
export function refuse(refusal: Refusal, headers: Record<string, string> = NO_HEADERS): EndpointAnswer {
  return { status: refusal.status, body: { code: refusal.code, description: refusal.description }, headers }
}

/** A 400 (or 413, 415) `{ code: 'invalid_request', description, errors }`, as the login's. */
export function badRequest(answer: LoginAnswer, errors: PropertyError[] = []): EndpointAnswer {
  // The rest of an oversized or compressed body is not read: the connection is closed.
  const headers = answer.status === 400 ? NO_HEADERS : { Connection: 'close' }
  return { status: answer.status, body: requestError(answer, errors), headers }
}

/** A 200 carrying tokens: RFC 6749 §5.1, never cached. */
export function tokenAnswer(body: Record<string, unknown>): EndpointAnswer {
  return { status: 200, body, headers: NO_STORE }
}

/** 204, nothing to say. */
export const NO_CONTENT: EndpointAnswer = Object.freeze({ status: 204, body: undefined, headers: NO_HEADERS })

/** 503 with an empty body: the store failed or was late (as the hooks' own 503). */
export const UNAVAILABLE: EndpointAnswer = Object.freeze({ status: 503, body: undefined, headers: NO_HEADERS })

export { LOGIN_ANSWERS }
