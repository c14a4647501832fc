import { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import type { KeyResolver } from '../keys/key-resolver'
import { createClaimsCheck, expiryOf } from './check-claims'
import { createJsonwebtokenClaimsCheck } from './create-jsonwebtoken-claims-check'
import { verifyToken } from './jsonwebtoken-fallback'
import { parseClaimsSet } from './parse-claims-set'
import { createHeaderPlanner, UNREADABLE, type HeaderPlan } from './plan-header'
import type { Verdict } from './token-cache'
import { NOT_BASE64URL } from './token-characters'
import type { VerifyOptions } from './verify-options'

/**
 * A token's verdict; a promise of it only while its key is being fetched.
 * @param base64url true when the caller has found no character but base64url's and dots in the token.
 */
export type JwsVerifier = (token: string, now: number, base64url?: boolean) => Verdict | Promise<Verdict>

// Bounds the parsed-header memo: a client that varies its header only costs a parse.
const MAX_HEADERS = 16

const { malformed: MALFORMED, notAToken: INVALID_TOKEN, noSignature: SIGNATURE_REQUIRED, badSignature: INVALID_SIGNATURE } = FIXED_FAILURES

/**
 * Builds the verify step on node:crypto, once, answering as jsonwebtoken.verify (then the
 * object-payload and crit checks) for every algorithm and key pairing it knows, jose's answer for
 * EdDSA. Its order is jose's, not jsonwebtoken's: the header, its key, the signature, and only
 * then the payload, so a forged token's payload is never parsed, whatever its size or depth.
 * jsonwebtoken decides the rest whole: an empty token, and pairings that only
 * allowInvalidAsymmetricKeyTypes lets through.
 * @param keys where the key for a token's header comes from.
 * @param options checked verifyOptions.
 */
export function createJwsVerifier(keys: KeyResolver, options: VerifyOptions): JwsVerifier {
  const planner = createHeaderPlanner(keys, options)
  const checkClaims = createClaimsCheck(options)
  const checkClaimsWithJsonwebtoken = checkClaims === undefined ? createJsonwebtokenClaimsCheck(options) : undefined
  const tolerance = typeof options.clockTolerance === 'number' ? options.clockTolerance || 0 : 0
  const forJsonwebtoken = Object.freeze({ ...options, complete: true as const })
  const headers = new Map<string, HeaderPlan>()
  let generation = keys.generation

  // The last header kept in the memo (most often every token's): compared in place, so the
  // common token costs no slice and no hash of its header. Always what `headers` holds for it.
  let lastSegment = ''
  let lastPlan: HeaderPlan | undefined

  function planFor(token: string, first: number, now: number): HeaderPlan {
    // Keys fetched again: what the headers named may have changed.
    if (keys.generation !== generation) {
      generation = keys.generation
      forgetHeaders()
    }
    // Keys due to be fetched again: asking the resolver is what starts that fetch, so no plan
    // kept for a header may answer for it until the set is fresh again.
    if (keys.freshUntil !== undefined && now >= keys.freshUntil) return planner.plan(token.slice(0, first))
    if (lastPlan !== undefined && first === lastSegment.length && token.startsWith(lastSegment)) return lastPlan
    const segment = token.slice(0, first)
    let plan = headers.get(segment)
    if (plan === undefined) {
      plan = planner.plan(segment)
      if (!plan.lasting) return plan
      if (headers.size >= MAX_HEADERS) forgetHeaders()
      headers.set(segment, plan)
    }
    lastSegment = segment
    lastPlan = plan
    return plan
  }

  function forgetHeaders(): void {
    headers.clear()
    lastSegment = ''
    lastPlan = undefined
  }

  function jsonwebtoken(token: string, plan: HeaderPlan): Verdict {
    const value = verifyToken(token, plan.fallback, forJsonwebtoken)
    // jsonwebtoken does not say how long a refusal holds: only its successes are kept.
    return verdict(value, value instanceof Failure ? 0 : expiryOf(value, tolerance))
  }

  function finish(token: string, second: number, now: number, plan: HeaderPlan): Verdict {
    if (plan.fallback !== undefined) return jsonwebtoken(token, plan)
    if (plan.failure !== undefined) return verdict(plan.failure, plan.lasting ? Infinity : 0)
    if (!plan.check!(token.slice(0, second), token.slice(second + 1))) return verdict(INVALID_SIGNATURE, Infinity)
    const segment = token.slice(token.indexOf('.') + 1, second)
    const payload = parseClaimsSet(segment)
    // RFC 7519 §7.2 step 10: the claims set is a JSON object; anything else is no JWT.
    if (payload === undefined) return verdict(MALFORMED, Infinity)
    if (checkClaims !== undefined) return checkClaims(payload, now, plan.crit)
    return checkClaimsWithJsonwebtoken!(segment, plan.crit)
  }

  return function verifyJws(token, now, base64url = false) {
    if (token === '') return jsonwebtoken(token, UNREADABLE)
    const first = token.indexOf('.')
    const second = first === -1 ? -1 : token.indexOf('.', first + 1)
    if (second === -1 || token.indexOf('.', second + 1) !== -1) return verdict(MALFORMED, Infinity)
    if (first === 0 || second === first + 1 || (!base64url && NOT_BASE64URL.test(token))) return verdict(INVALID_TOKEN, Infinity)
    const plan = planFor(token, first, now)
    if (plan === UNREADABLE) return verdict(INVALID_TOKEN, Infinity)
    if (plan.fallback !== undefined) return jsonwebtoken(token, plan)
    // jsonwebtoken would read the payload here; it is read only once the signature is authentic.
    if (second === token.length - 1) return verdict(SIGNATURE_REQUIRED, Infinity)
    const pending = plan.pending
    if (pending === undefined) return finish(token, second, now, plan)
    return pending.lookup.then((lookup) => finish(token, second, Date.now(), planner.withKey(pending.header, pending.alg, plan.crit, lookup)))
  }
}

/** A verdict that holds until `until` (ms; Infinity: no passing of time changes it). */
export function verdict(value: Verdict['value'], until: number): Verdict {
  return { value, until, stamp: 0, token: undefined, flat: false }
}
