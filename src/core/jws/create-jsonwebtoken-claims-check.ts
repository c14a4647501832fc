import { JsonWebTokenError, verify, type Algorithm, type VerifyOptions as JsonwebtokenOptions } from 'jsonwebtoken'

import { FIXED_FAILURES } from '../errors/to-failure'
import { expiryOf } from './check-claims'
import { fromJsonwebtoken } from './jsonwebtoken-refusal'
import type { Verdict } from './token-cache'
import type { VerifyOptions } from './verify-options'

/** Judges the claims of an authentic token, given its payload segment and whether it has `crit`. */
export type JsonwebtokenClaimsCheck = (segment: string, crit: boolean) => Verdict

// {"alg":"none"}: the header of the claims-only token built below.
const UNSIGNED_HEADER = Buffer.from('{"alg":"none"}').toString('base64url')
const ONLY_NONE: Algorithm[] = ['none']
const UNSUPPORTED_CRIT = FIXED_FAILURES.unsupportedCrit

/**
 * jsonwebtoken's own judgement of the claims, for verifyOptions the local claims check does not
 * reproduce (maxAge, a global RegExp audience…), built once. It is called only after node:crypto
 * verified the signature, so jsonwebtoken is handed the same payload under an unsigned header,
 * `none` being the one algorithm of that call: the signature is not checked twice, and no token
 * from a request is ever judged unsigned (only this function builds such a token, from a payload
 * whose signature verified).
 * @throws (from the check) whatever is not a jsonwebtoken refusal.
 */
export function createJsonwebtokenClaimsCheck(options: VerifyOptions): JsonwebtokenClaimsCheck {
  const claimsOptions = { ...(options as JsonwebtokenOptions), algorithms: ONLY_NONE, complete: true as const }
  // Only a negative number shortens validity; jsonwebtoken's sums with other types only lengthen it.
  const tolerance = typeof options.clockTolerance === 'number' ? options.clockTolerance || 0 : 0
  // maxAge ends validity before exp: a verdict under it is not kept (the cache is off with it anyway).
  const keeps = options.maxAge === undefined
  return function checkClaimsWithJsonwebtoken(segment, crit) {
    let payload: Record<string, any>
    try {
      payload = verify(`${UNSIGNED_HEADER}.${segment}.`, undefined as never, claimsOptions).payload as Record<string, any>
    } catch (error) {
      if (!(error instanceof JsonWebTokenError)) throw error
      // jsonwebtoken does not say how long a refusal holds: none is kept.
      return { value: fromJsonwebtoken(error), until: 0, stamp: 0, token: undefined, flat: false }
    }
    const until = keeps ? expiryOf(payload, tolerance) : 0
    // RFC 7515 §4.1.11: a critical extension we do not understand makes the token invalid.
    return { value: crit ? UNSUPPORTED_CRIT : payload, until, stamp: 0, token: undefined, flat: false }
  }
}
