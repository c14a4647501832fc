import type { KeyObject } from 'node:crypto'

import { JsonWebTokenError, TokenExpiredError, verify, type Jwt } from 'jsonwebtoken'

import type { ErrorName } from './error-table'
import { toFailure } from './to-failure'
import type { Failure, VerifyOptions } from './types'

/**
 * Verifies a token with jsonwebtoken: the reference every faster path must agree with.
 * @returns the payload, or the table row for the verifier's refusal.
 * @throws whatever is not a jsonwebtoken refusal (a fault, never a 401).
 */
export function verifyToken(
  token: string,
  key: KeyObject,
  verifyOptions: VerifyOptions & { complete: true },
): Record<string, any> | Failure {
  let header: Jwt['header']
  let payload: Jwt['payload']
  try {
    ;({ header, payload } = verify(token, key, verifyOptions))
  } catch (error) {
    if (error instanceof JsonWebTokenError) return failureFor(error.message, error instanceof TokenExpiredError)
    throw error
  }
  // RFC 7515 §4.1.11: a critical extension we do not understand makes the token invalid.
  if ((header as { crit?: unknown }).crit !== undefined) return failureFor('jwt crit header not supported')
  // RFC 7519 §7.2 step 10: a payload that is not a JSON object is no claims set.
  if (typeof payload !== 'object' || payload === null) return failureFor('jwt malformed')
  return payload as Record<string, any>
}

/** The one mapping from the verifier's refusals (its message) to the rows of the table. */
export function failureFor(message: string, expired = false): Failure {
  return toFailure(rowOf(message, expired), message)
}

function rowOf(message: string, expired: boolean): ErrorName {
  if (expired) return 'expired'
  switch (message) {
    case 'jwt malformed':
      return 'malformed'
    case 'invalid signature':
      return 'badSignature'
  }
  if (message.startsWith('jwt audience invalid')) return 'badAudience'
  if (message.startsWith('jwt issuer invalid')) return 'badIssuer'
  return 'rejected'
}
