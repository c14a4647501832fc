import type { KeyObject } from 'node:crypto'

import { JsonWebTokenError, TokenExpiredError, verify, type Jwt } from 'jsonwebtoken'

import type { ErrorName } from './error-table'
import type { TokenCache } from './token-cache'
import { toFailure } from './to-failure'
import type { Failure, VerifyOptions } from './types'

const UNSUPPORTED_CRIT = 'jwt crit header not supported'

/**
 * Verifies a token with jsonwebtoken, through the cache when there is one.
 * @returns the payload, or the table row for the verifier's refusal.
 * @throws whatever is not a token problem (a fault, never a 401).
 */
export function verifyToken(
  token: string,
  key: KeyObject,
  verifyOptions: VerifyOptions & { complete: true },
  cache: TokenCache | undefined,
): Record<string, any> | Failure {
  if (cache !== undefined) {
    const hit = cache.get(token, Date.now())
    if (hit !== undefined) return hit
  }
  let header: Jwt['header']
  let payload: Jwt['payload']
  try {
    ;({ header, payload } = verify(token, key, verifyOptions))
  } catch (error) {
    if (error instanceof JsonWebTokenError) return toFailure(rowOf(error), error.message)
    throw error
  }
  // RFC 7515 §4.1.11: a critical extension we do not understand makes the token invalid.
  if ((header as { crit?: unknown }).crit !== undefined) return toFailure('rejected', UNSUPPORTED_CRIT)
  // RFC 7519 §7.2 step 10: a payload that is not a JSON object is no claims set.
  if (typeof payload !== 'object' || payload === null) return toFailure('malformed')
  cache?.set(token, payload as Record<string, any>)
  return payload as Record<string, any>
}

/** The one mapping from jsonwebtoken's errors to the rows of the table. */
function rowOf(error: JsonWebTokenError): ErrorName {
  if (error instanceof TokenExpiredError) return 'expired'
  switch (error.message) {
    case 'jwt malformed':
      return 'malformed'
    case 'invalid signature':
      return 'badSignature'
  }
  if (error.message.startsWith('jwt audience invalid')) return 'badAudience'
  if (error.message.startsWith('jwt issuer invalid')) return 'badIssuer'
  return 'rejected'
}
