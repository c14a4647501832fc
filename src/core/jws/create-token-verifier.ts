import { Failure } from '../errors/failure'
import type { KeyResolver } from '../keys/key-resolver'
import { copyClaims, isFlat } from './copy-claims'
import { createJwsVerifier, verdict, type JwsVerifier } from './create-jws-verifier'
import type { TokenCache, Verdict } from './token-cache'
import { NOT_BASE64URL, WHITESPACE } from './token-characters'
import type { VerifyOptions } from './verify-options'

/** The payload of a token that verified, or the table row for its refusal; a promise of either only while its key is fetched. */
export type TokenVerifier = (token: string) => Record<string, any> | Failure | Promise<Record<string, any> | Failure>

// A refusal is cached only for a token up to this long: the cache holds no attacker-sized keys.
const MAX_REFUSED_LENGTH = 2048

/**
 * Builds the verify step for one door, once: the cache, then the node:crypto path (and
 * jsonwebtoken for what it leaves to it), with the key the token's header names.
 * @param keys where the keys come from; a set that changes (a remote one) empties the cache.
 * @param cache verdicts by token; undefined verifies every time.
 * @param whitespace the row for a token with whitespace in it (RFC 6750 §2.1, a header's token),
 *   or undefined where there is no such rule (a cookie's).
 * @throws (from the verifier) whatever is not a token refusal.
 */
export function createTokenVerifier(keys: KeyResolver, verifyOptions: VerifyOptions, cache: TokenCache | undefined, whitespace?: Failure): TokenVerifier {
  const verifyJws = withWhitespaceRule(createJwsVerifier(keys, verifyOptions), whitespace)
  let generation = keys.generation
  if (cache === undefined) {
    return (token) => {
      const verdict = verifyJws(token, Date.now())
      return verdict instanceof Promise ? verdict.then((late) => late.value) : verdict.value
    }
  }
  // A cached payload is a template no request is handed: each gets a copy of its own, so a
  // handler's change to req.user is never seen by the next request with the same token. The hit
  // path is kept this small so that it inlines into the pipeline.
  function verifyCached(token: string): ReturnType<TokenVerifier> {
    const now = Date.now()
    const hit = cache!.get(token, now)
    if (hit === undefined) return verifyAndKeep(token, now)
    const kept = hit.value
    return kept instanceof Failure ? kept : hit.flat ? { ...kept } : copyClaims(kept)!
  }

  function verifyAndKeep(token: string, now: number): ReturnType<TokenVerifier> {
    const verdict = verifyJws(token, now)
    if (!(verdict instanceof Promise)) return keep(token, verdict, now)
    return verdict.then((late) => {
      forgetOlderKeys()
      return keep(token, late, Date.now())
    })
  }

  function keep(token: string, verdict: Verdict, now: number): Record<string, any> | Failure {
    const value = verdict.value
    // Keys due to be fetched again: a verdict kept longer would keep a removed key verifying.
    const fresh = keys.freshUntil
    if (fresh !== undefined && verdict.until > fresh) verdict.until = fresh
    if (value instanceof Failure) {
      if (token.length <= MAX_REFUSED_LENGTH && cache!.admits(token)) cache!.set(token, verdict, now)
      return value
    }
    // Seen for the first time: not kept, so this request may have the payload itself.
    if (!cache!.admits(token)) return value
    // A payload too deep to copy cheaply is not kept: the next request verifies (and parses) again.
    const copy = copyClaims(value)
    if (copy === undefined) return value
    verdict.flat = isFlat(value)
    cache!.set(token, verdict, now)
    return copy
  }

  function forgetOlderKeys(): void {
    if (keys.generation === generation) return
    generation = keys.generation
    cache!.clear()
  }
  // Keys that never change: nothing more per request.
  if (keys.generation === undefined) return verifyCached
  return (token) => {
    forgetOlderKeys()
    return verifyCached(token)
  }
}

/**
 * The whitespace rule checked where a token is first verified, not where it is read: a token the
 * cache answers for passed it when it was kept (the cache compares the whole token), so a hit
 * scans nothing. The common token costs one scan: base64url characters and dots only hold no
 * whitespace either, and the verifier is told so instead of scanning again.
 */
function withWhitespaceRule(verifyJws: JwsVerifier, whitespace: Failure | undefined): JwsVerifier {
  if (whitespace === undefined) return verifyJws
  return (token, now) => {
    if (!NOT_BASE64URL.test(token)) return verifyJws(token, now, true)
    // Never kept (until 0): a client that sends it again pays the same two scans.
    return WHITESPACE.test(token) ? verdict(whitespace, 0) : verifyJws(token, now, false)
  }
}
