/** One entry per row of the error table in DESIGN.md, in the same order. Data only. */
export interface ErrorRow {
  status: number
  code?: 'invalid_request' | 'invalid_token'
  description?: string
}

export const ERROR_TABLE = {
  noKey: { status: 500 },
  noHeader: { status: 400, code: 'invalid_request', description: 'Authorization header not found.' },
  noCookie: { status: 400, code: 'invalid_request', description: 'Auth cookie not found.' },
  notBearer: {
    status: 400,
    code: 'invalid_request',
    description: 'Expected a bearer token. Scheme is Authorization: Bearer <token>.',
  },
  revoked: { status: 401, code: 'invalid_token', description: 'jwt revoked' },
  malformed: { status: 401, code: 'invalid_token', description: 'jwt malformed' },
  badSignature: { status: 401, code: 'invalid_token', description: 'invalid signature' },
  expired: { status: 401, code: 'invalid_token', description: 'jwt expired' },
  // Rows 9 and 10 end with the expected value, so their text comes from the verifier.
  badAudience: { status: 401, code: 'invalid_token' },
  badIssuer: { status: 401, code: 'invalid_token' },
  noSubject: {
    status: 401,
    code: 'invalid_token',
    description: 'The token must include a subject which is the id of the user.',
  },
  unknownUser: { status: 401, code: 'invalid_token', description: 'The token subject does not match any user.' },
  // Beyond the numbered rows: any other verifier refusal, with the verifier's own message.
  rejected: { status: 401, code: 'invalid_token' },
  // A blacklist or user loader that throws: fail closed, say nothing.
  fault: { status: 500 },
  // A blacklist or user loader that did not answer in time.
  timeout: { status: 503 },
} as const satisfies Record<string, ErrorRow>

export type ErrorName = keyof typeof ERROR_TABLE
