import type { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import type { JoseHeader, VerificationKey } from './key-resolver'

/** The keys of a set, by `kid`, for `pickKey`. */
export interface KeyIndex {
  byKid: ReadonlyMap<string, VerificationKey>
  /** The one key of a set that holds exactly one, else undefined. */
  only: VerificationKey | undefined
}

/** Indexes the keys of a set once. */
export function indexKeys(keys: readonly VerificationKey[]): KeyIndex {
  const byKid = new Map<string, VerificationKey>()
  for (const key of keys) if (key.kid !== undefined) byKid.set(key.kid, key)
  return { byKid, only: keys.length === 1 ? keys[0] : undefined }
}

/**
 * The key a token's header names (DESIGN-SESSIONS.md, Keys): its `kid` picks the key; a token
 * without one is tried only against a set of one key. No key: `no key matches the token kid`.
 */
export function pickKey(index: KeyIndex, header: JoseHeader): VerificationKey | Failure {
  const kid = header.kid
  if (kid === undefined) return index.only ?? FIXED_FAILURES.noKeyForKid
  if (typeof kid !== 'string') return FIXED_FAILURES.noKeyForKid
  return index.byKid.get(kid) ?? index.byKid.get(asUtf8(kid)) ?? FIXED_FAILURES.noKeyForKid
}

// The header is read as latin1 (as jws reads it); a kid beyond ASCII was UTF-8 on the wire.
function asUtf8(kid: string): string {
  for (let i = 0; i < kid.length; i++) if (kid.charCodeAt(i) > 0x7f) return Buffer.from(kid, 'latin1').toString('utf8')
  return kid
}
