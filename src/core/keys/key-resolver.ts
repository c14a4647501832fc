import type { KeyObject } from 'node:crypto'

import type { Failure } from '../errors/failure'
import type { Algorithm } from '../jws/algorithms'

/** A token's JOSE header as parsed (RFC 7515 §4): `alg`, `kid` and whatever else it carries. */
export interface JoseHeader {
  alg?: unknown
  kid?: unknown
  [name: string]: unknown
}

/** A key a token may be verified with, parsed once. */
export interface VerificationKey {
  readonly key: KeyObject
  /** The JWK's `kid`: what a token's `kid` names. */
  readonly kid?: string
  /** The JWK's `alg`, when it has one: the only algorithm the key verifies. */
  readonly alg?: Algorithm
  /** Where the key came from, for setup messages (`option "keys", kid "2024-06"`); never its content. */
  readonly source: string
}

/** The key for a token, or the row it is refused with (`noKeyForKid`, `keysUnavailable`). */
export type KeyLookup = VerificationKey | Failure

/**
 * Where the pipeline gets the key for a token: `resolve(header)` once the header is read, before
 * the signature is checked. A resolver answers at once when it can (the static key, a key set, a
 * remote set already fetched); only one that must fetch answers with a promise.
 * @example
 * createAuthenticator({ keys: createKeySet({ keys: [jwkA, jwkB] }) })
 */
export interface KeyResolver {
  /** The key this header names, the row to refuse it with, or a promise of either. */
  resolve(header: JoseHeader): KeyLookup | Promise<KeyLookup>
  /** The keys known now, checked against a door's `algorithms` at setup (a remote set has none yet). */
  readonly keys: readonly VerificationKey[]
  /**
   * Absent for keys that never change. Otherwise a count that moves whenever the keys do (a remote
   * set fetched again): the verdicts a door keeps were made with other keys, and are dropped.
   */
  readonly generation?: number
  /**
   * Absent for keys that never change. Otherwise the time (ms) at which the keys are due to be
   * asked again (a remote set's `cacheMaxAge`): no verdict made with them is kept past it, so a
   * door whose every request hits its cache still reaches `resolve`, which fetches the set anew.
   */
  readonly freshUntil?: number
}
