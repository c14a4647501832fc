import type { KeyObject } from 'node:crypto'

import { expiryOf } from './check-claims'
import { createJwsVerifier } from './create-jws-verifier'
import type { TokenCache } from './token-cache'
import { Failure, type VerifyOptions } from './types'
import { verifyToken } from './verify-token'

/** The payload of a token that verified, or the table row for its refusal. */
export type TokenVerifier = (token: string) => Record<string, any> | Failure

// A refusal is cached only for a token up to this long: the cache holds no attacker-sized keys.
const MAX_REFUSED_LENGTH = 2048

/**
 * Builds the verify step for one key, once: the cache, then the node:crypto path for the pinned
 * algorithms, then jsonwebtoken for everything that path leaves to it.
 * @param cache verdicts by token; undefined verifies every time.
 * @throws (from the verifier) whatever is not a token refusal.
 */
export function createTokenVerifier(
  key: KeyObject,
  verifyOptions: VerifyOptions & { complete: true },
  cache: TokenCache | undefined,
): TokenVerifier {
  const verifyJws = createJwsVerifier(key, verifyOptions)
  // Only a negative number shortens validity; jsonwebtoken's sums with other types only lengthen it.
  const tolerance = typeof verifyOptions.clockTolerance === 'number' ? verifyOptions.clockTolerance || 0 : 0
  if (cache === undefined) {
    if (verifyJws === undefined) return (token) => verifyToken(token, key, verifyOptions)
    return (token) => verifyJws(token, Date.now())?.value ?? verifyToken(token, key, verifyOptions)
  }
  return function verifyCached(token) {
    const now = Date.now()
    const hit = cache.get(token, now)
    if (hit !== undefined) return hit
    const verdict = verifyJws?.(token, now)
    if (verdict === undefined) {
      const value = verifyToken(token, key, verifyOptions)
      // jsonwebtoken does not say how long a refusal holds: only its successes are kept.
      if (!(value instanceof Failure)) cache.set(token, { value, until: expiryOf(value, tolerance), stamp: 0, token: undefined }, now)
      return value
    }
    if (!(verdict.value instanceof Failure) || token.length <= MAX_REFUSED_LENGTH) cache.set(token, verdict, now)
    return verdict.value
  }
}
