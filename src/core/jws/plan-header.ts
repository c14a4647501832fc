import type { KeyObject } from 'node:crypto'

import { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import type { JoseHeader, KeyLookup, KeyResolver, VerificationKey } from '../keys/key-resolver'
import { algorithmOf, defaultAlgorithmsFor, type Algorithm } from './algorithms'
import type { SignatureCheck } from './create-signature-check'
import { isNestedDeeperThan } from './is-nested-deeper-than'
import { planAlgorithm, type AlgorithmPlan } from './plan-algorithm'
import type { VerifyOptions } from './verify-options'

/** What one header segment decides, the same for every token that carries it (while the keys hold). */
export interface HeaderPlan {
  /** A refusal once the token is signed (`invalid algorithm`, `no key matches the token kid`…). */
  failure: Failure | undefined
  /** With no failure: the signature check of the key the header names. */
  check: SignatureCheck | undefined
  /** Where jsonwebtoken decides the whole token: the key it is handed. */
  fallback: KeyObject | undefined
  /** The key lookup still under way (a remote set being fetched), and what it waits on. */
  pending: { lookup: Promise<KeyLookup>; header: JoseHeader; alg: string } | undefined
  /** Whether the plan holds as long as the key set does (a lookup that missed may change with time). */
  lasting: boolean
  crit: boolean
}

// A JOSE header is flat (`jwk` and `crit` one level down): deeper, it is not read at all, so no
// code past this point walks an attacker's million levels.
const MAX_HEADER_DEPTH = 16
const NONE = { failure: undefined, check: undefined, fallback: undefined, pending: undefined, lasting: true, crit: false }
/** A header that is not JSON, or JSON that jws reads as no header: `invalid token`, decided first. */
export const UNREADABLE: HeaderPlan = { ...NONE, failure: FIXED_FAILURES.notAToken }
const NOT_ALLOWED: HeaderPlan = { ...NONE, failure: FIXED_FAILURES.badAlgorithm }

/** Plans header segments for one door: its algorithms, its keys. */
export interface HeaderPlanner {
  /** The plan of a header segment (base64url), built now. */
  plan(segment: string): HeaderPlan
  /** The plan once a pending key lookup has answered. */
  withKey(header: JoseHeader, alg: string, crit: boolean, lookup: KeyLookup): HeaderPlan
}

/**
 * Builds the planner once: a header is read, its `alg` checked against the allowed algorithms,
 * its key asked of the resolver, and the pairing of algorithm and key planned (once per key).
 */
export function createHeaderPlanner(keys: KeyResolver, options: VerifyOptions): HeaderPlanner {
  const allowed: readonly string[] | undefined = options.algorithms
  const allowInvalid = options.allowInvalidAsymmetricKeyTypes === true
  const lasting = keys.generation === undefined
  // Per key, per algorithm: a key set's keys are planned when first used. Bounded: only the
  // table's algorithm names get this far.
  const plans = new WeakMap<VerificationKey, Map<string, AlgorithmPlan>>()

  function planOf(key: VerificationKey, alg: string): AlgorithmPlan {
    let byAlg = plans.get(key)
    if (byAlg === undefined) plans.set(key, (byAlg = new Map()))
    if (byAlg.has(alg)) return byAlg.get(alg)
    const algorithms: readonly string[] = allowed ?? defaultAlgorithmsFor(key.key)
    // RFC 7517 §4.4: a JWK's `alg` is the one algorithm it is used with.
    const fits = algorithms.includes(alg) && (key.alg === undefined || key.alg === alg)
    const plan = fits ? planAlgorithm(alg, key.key, allowInvalid) : FIXED_FAILURES.badAlgorithm
    byAlg.set(alg, plan)
    return plan
  }

  function withKey(header: JoseHeader, alg: string, crit: boolean, lookup: KeyLookup | Promise<KeyLookup>): HeaderPlan {
    if (lookup instanceof Promise) return { ...NONE, pending: { lookup, header, alg }, lasting: false, crit }
    if (lookup instanceof Failure) return { ...NONE, failure: lookup, lasting, crit }
    const plan = planOf(lookup, alg)
    if (plan === undefined) return { ...NONE, fallback: lookup.key, crit }
    if (plan instanceof Failure) return { ...NONE, failure: plan, crit }
    return { ...NONE, check: plan, crit }
  }

  // jws reads the header as latin1 ('binary') JSON; anything falsy is no header.
  function plan(segment: string): HeaderPlan {
    const text = Buffer.from(segment, 'base64').toString('latin1')
    if (isNestedDeeperThan(text, MAX_HEADER_DEPTH)) return UNREADABLE
    let header: JoseHeader
    try {
      header = JSON.parse(text)
    } catch {
      return UNREADABLE
    }
    if (!header) return UNREADABLE
    const alg = header.alg
    if (algorithmOf(alg) === undefined || (allowed !== undefined && !allowed.includes(alg as Algorithm))) return NOT_ALLOWED
    return withKey(header, alg as string, header.crit !== undefined, keys.resolve(header))
  }

  return { plan, withKey }
}
