import type { KeyObject } from 'node:crypto'

import { decode, JsonWebTokenError, verify, type Jwt, type VerifyOptions as JsonwebtokenOptions } from 'jsonwebtoken'

import type { ErrorName } from '../errors/error-table'
import type { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import { isNestedDeeperThan } from './is-nested-deeper-than'
import { fromJsonwebtoken } from './jsonwebtoken-refusal'
import { parseClaimsSet } from './parse-claims-set'
import type { VerifyOptions } from './verify-options'

const ECDSA_LENGTH = /^"ES\d+" signatures must be "\d+" bytes, saw "\d+"$/
// jsonwebtoken's refusals of the claims, which it judges only once the signature verified.
const CLAIMS_ROWS = new Set<ErrorName>(['badNbf', 'notActive', 'badExp', 'expired', 'badAudience', 'badIssuer', 'badSubject', 'badJwtid', 'badNonce', 'noIssuedAt'])

/**
 * Verifies a token with jsonwebtoken, in its order (it parses the payload before the signature),
 * for what the node:crypto path leaves to it: an empty token, and the algorithm and key pairings
 * that allowInvalidAsymmetricKeyTypes lets through. A part nested deeper than 32 levels is
 * refused before jsonwebtoken reads it (the header: `invalid token`; the payload: `jwt malformed`).
 * @returns the payload, or the table row for the verifier's refusal.
 * @throws whatever is neither a jsonwebtoken refusal nor a known hostile-token throw (a fault).
 */
export function verifyToken(
  token: string,
  key: KeyObject | undefined,
  verifyOptions: VerifyOptions & { complete: true },
): Record<string, any> | Failure {
  // jws parses both parts before anything is checked: none nested deeper than the bound is handed over.
  const first = token.indexOf('.')
  const second = token.indexOf('.', first + 1)
  if (first !== -1 && isNestedDeeperThan(Buffer.from(token.slice(0, first), 'base64').toString('latin1'), MAX_DEPTH)) return INVALID_TOKEN
  if (second !== -1 && isNestedDeeperThan(Buffer.from(token.slice(first + 1, second), 'base64').toString('utf8'), MAX_DEPTH)) return MALFORMED
  let header: Jwt['header']
  let payload: Jwt['payload']
  try {
    ;({ header, payload } = verify(token, key as KeyObject, verifyOptions as JsonwebtokenOptions & { complete: true }))
  } catch (error) {
    if (!(error instanceof JsonWebTokenError)) return refusalOf(error, token)
    // The claims set is judged before its claims (RFC 7519 §7.2): one that is no object is malformed.
    const failure = fromJsonwebtoken(error)
    if (CLAIMS_ROWS.has(failure.row) && !hasClaimsSet(token)) return MALFORMED
    return failure
  }
  // RFC 7519 §7.2 step 10: a payload that is not a JSON object is no claims set (jsonwebtoken
  // takes arrays and strings, and reads a JSON string of an object as that object).
  if (!hasClaimsSet(token)) return MALFORMED
  // RFC 7515 §4.1.11: a critical extension we do not understand makes the token invalid.
  if ((header as { crit?: unknown }).crit !== undefined) return UNSUPPORTED_CRIT
  return payload as Record<string, any>
}

/**
 * jws, jwa and jsonwebtoken throw plain errors for some hostile tokens instead of refusing them.
 * The key and options were checked at setup, so these are the token's doing: a 401, never a 500.
 * @throws the error itself when it is none of those.
 */
function refusalOf(error: unknown, token: string): Failure {
  // jws: a `typ: JWT` header over a payload that is not JSON (RFC 7519 §7.2 step 10).
  if (error instanceof SyntaxError) return MALFORMED
  // jsonwebtoken reads `nbf` of a `typ: JWT` payload of null once its signature verified.
  if (error instanceof TypeError && decode(token, { complete: true })?.payload === null) return MALFORMED
  const message = error instanceof Error ? error.message : ''
  // jwa: an ECDSA signature that is not twice the curve's size (RFC 7518 §3.4).
  if (ECDSA_LENGTH.test(message)) return INVALID_SIGNATURE
  // jsonwebtoken: an ES algorithm of another curve, or RSA-PSS parameters the key does not allow.
  if (message.startsWith('"alg" parameter') || message.startsWith('Invalid key for this operation')) return INVALID_ALGORITHM
  throw error
}

// Asked only of a token whose signature jsonwebtoken verified.
function hasClaimsSet(token: string): boolean {
  return parseClaimsSet(token.split('.', 2)[1]) !== undefined
}


const { malformed: MALFORMED, notAToken: INVALID_TOKEN, badSignature: INVALID_SIGNATURE, badAlgorithm: INVALID_ALGORITHM, unsupportedCrit: UNSUPPORTED_CRIT } = FIXED_FAILURES
// Deeper than any claims set a signer writes (the cache copies 32 levels): refused unread.
const MAX_DEPTH = 32
