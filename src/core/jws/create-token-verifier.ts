import type { KeyObject } from 'node:crypto'

import { expiryOf } from './check-claims'
import { copyClaims, isFlat } from './copy-claims'
import { createJwsVerifier } from './create-jws-verifier'
import type { TokenCache, Verdict } from './token-cache'
import { Failure, type VerifyOptions } from '../types'
import { verifyToken } from './jsonwebtoken-fallback'

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
  // A cached payload is a template no request is handed: each gets a copy of its own, so a
  // handler's change to req.user is never seen by the next request with the same token. The hit
  // path is kept this small so that it inlines into the pipeline.
  return function verifyCached(token) {
    const now = Date.now()
    const hit = cache.get(token, now)
    if (hit === undefined) return verifyAndKeep(token, now)
    const kept = hit.value
    return kept instanceof Failure ? kept : hit.flat ? { ...kept } : copyClaims(kept)!
  }

  function verifyAndKeep(token: string, now: number): Record<string, any> | Failure {
    const verdict =
      verifyJws?.(token, now) ??
      // jsonwebtoken does not say how long a refusal holds: only its successes are kept.
      toVerdict(verifyToken(token, key, verifyOptions), tolerance)
    const value = verdict.value
    if (value instanceof Failure) {
      if (token.length <= MAX_REFUSED_LENGTH) cache!.set(token, verdict, now)
      return value
    }
    // A payload too deep to copy cheaply is not kept: the next request verifies (and parses) again.
    const copy = copyClaims(value)
    if (copy === undefined) return value
    verdict.flat = isFlat(value)
    cache!.set(token, verdict, now)
    return copy
  }
}

function toVerdict(value: Record<string, any> | Failure, tolerance: number): Verdict {
  const until = value instanceof Failure ? 0 : expiryOf(value, tolerance)
  return { value, until, stamp: 0, token: undefined, flat: false }
}
