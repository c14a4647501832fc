/** The `code` a refusal's body carries. */
export type ErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'invalid_csrf_token' | 'forbidden'

/**
 * One row of the error table. A description may hold `<name>` marks, filled when the row is
 * built (`toFailure('badAudience', { audience: 'api' })`); a mark no value is given for stays as
 * written (row 4's `Bearer <token>`).
 */
export interface ErrorRow {
  status: number
  /** Absent: the answer has an empty body (500, 503). */
  code?: ErrorCode
  description?: string
  /** The answer carries `WWW-Authenticate: error="<code>", error_description="<description>"` (RFC 6750 §3). */
  challenge?: boolean
}

/**
 * Every answer a door can give on a refusal: DESIGN.md's rows 1 to 12 in their order, then the
 * verifier's other refusals, the 403 rows and the faults. The one copy of each string. Data only.
 */
export const ERROR_TABLE = {
  noKey: { status: 500 },
  noHeader: { status: 400, code: 'invalid_request', description: 'Authorization header not found.' },
  noCookie: { status: 400, code: 'invalid_request', description: 'Auth cookie not found.' },
  notBearer: {
    status: 400,
    code: 'invalid_request',
    description: 'Expected a bearer token. Scheme is Authorization: Bearer <token>.',
  },
  revoked: { status: 401, code: 'invalid_token', description: 'jwt revoked', challenge: true },
  malformed: { status: 401, code: 'invalid_token', description: 'jwt malformed', challenge: true },
  badSignature: { status: 401, code: 'invalid_token', description: 'invalid signature', challenge: true },
  expired: { status: 401, code: 'invalid_token', description: 'jwt expired', challenge: true },
  badAudience: { status: 401, code: 'invalid_token', description: 'jwt audience invalid. expected: <audience>', challenge: true },
  badIssuer: { status: 401, code: 'invalid_token', description: 'jwt issuer invalid. expected: <issuer>', challenge: true },
  noSubject: {
    status: 401,
    code: 'invalid_token',
    description: 'The token must include a subject which is the id of the user.',
    challenge: true,
  },
  unknownUser: { status: 401, code: 'invalid_token', description: 'The token subject does not match any user.', challenge: true },
  // The verifier's other refusals, in jsonwebtoken's words (its messages are the contract).
  notActive: { status: 401, code: 'invalid_token', description: 'jwt not active', challenge: true },
  badAlgorithm: { status: 401, code: 'invalid_token', description: 'invalid algorithm', challenge: true },
  noSignature: { status: 401, code: 'invalid_token', description: 'jwt signature is required', challenge: true },
  notAToken: { status: 401, code: 'invalid_token', description: 'invalid token', challenge: true },
  badExp: { status: 401, code: 'invalid_token', description: 'invalid exp value', challenge: true },
  badNbf: { status: 401, code: 'invalid_token', description: 'invalid nbf value', challenge: true },
  badSubject: { status: 401, code: 'invalid_token', description: 'jwt subject invalid. expected: <subject>', challenge: true },
  badJwtid: { status: 401, code: 'invalid_token', description: 'jwt jwtid invalid. expected: <jwtid>', challenge: true },
  badNonce: { status: 401, code: 'invalid_token', description: 'jwt nonce invalid. expected: <nonce>', challenge: true },
  noIssuedAt: { status: 401, code: 'invalid_token', description: 'iat required when maxAge is specified', challenge: true },
  unsupportedCrit: { status: 401, code: 'invalid_token', description: 'jwt crit header not supported', challenge: true },
  noKeyForKid: { status: 401, code: 'invalid_token', description: 'no key matches the token kid', challenge: true },
  // A jsonwebtoken refusal none of the rows above names (none is known): its own message.
  rejected: { status: 401, code: 'invalid_token', description: '<message>', challenge: true },
  // RFC 6750 §3.1: a token valid but short of the scope asked for; the challenge says so.
  insufficientScope: {
    status: 403,
    code: 'insufficient_scope',
    description: 'The token does not grant <access> on <path>.',
    challenge: true,
  },
  invalidCsrfToken: { status: 403, code: 'invalid_csrf_token', description: 'CSRF token missing or incorrect.' },
  forbidden: { status: 403, code: 'forbidden', description: 'Permission denied.' },
  // A blacklist or user loader that throws: fail closed, say nothing.
  fault: { status: 500 },
  // A blacklist or user loader that did not answer in time.
  timeout: { status: 503 },
  // A remote key set that could not be fetched, with no keys from an earlier fetch: fail closed.
  keysUnavailable: { status: 503 },
} as const satisfies Record<string, ErrorRow>

/** A row of the table, by name: what a verdict carries from the step that refused to the door. */
export type ErrorName = keyof typeof ERROR_TABLE
