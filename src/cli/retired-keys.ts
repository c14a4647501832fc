import type { PublicJwk } from '../core/keys/public-jwk'

/**
 * A key of `settings.jwt.keys` as rotate-key leaves it: the JWK as given, plus, for a key it
 * retired, when (`retiredAt`) and until when its tokens may still come (`keepUntil`), ISO 8601.
 * RFC 7517 §4: members a reader does not know are ignored. The key-set parser reads neither, and
 * jwks.json never shows them: it publishes what the KeyObject exports, plus `kid`, `alg`, `use`.
 */
export type KeptJwk = Record<string, unknown> & { kid?: unknown; retiredAt?: unknown; keepUntil?: unknown }

/** The set split by the prune rule: what stays, and what goes because its last token has expired. */
export interface PrunedKeys {
  kept: KeptJwk[]
  dropped: KeptJwk[]
}

/**
 * The prune rule: a key whose `keepUntil` has passed goes; any other stays, a key without
 * `keepUntil` (one put there by hand, another issuer's) or with one that is no time included.
 * @param keys the `keys` of the configured set.
 * @param now ms.
 */
export function pruneKeys(keys: readonly KeptJwk[], now: number): PrunedKeys {
  const kept: KeptJwk[] = []
  const dropped: KeptJwk[] = []
  for (const jwk of keys) (isPast(jwk.keepUntil, now) ? dropped : kept).push(jwk)
  return { kept, dropped }
}

/**
 * The set with the key that signed until now retired into it: its public JWK (the `kid` its tokens
 * carry) stamped `retiredAt: now` and `keepUntil: now + lifetime`. A key the set already lists
 * under that kid gets the stamps, unless it has a `keepUntil` already.
 * @param lifetime seconds: the longest a token signed with it lives.
 */
export function retireKey(keys: readonly KeptJwk[], jwk: PublicJwk, now: number, lifetime: number): { keys: KeptJwk[]; keepUntil: string } {
  const stamps = { retiredAt: new Date(now).toISOString(), keepUntil: new Date(now + lifetime * 1000).toISOString() }
  const listed = keys.findIndex((known) => known.kid === jwk.kid)
  if (listed === -1) return { keys: [...keys, { ...jwk, ...stamps }], keepUntil: stamps.keepUntil }
  const known = keys[listed]
  if (known.keepUntil !== undefined) return { keys: [...keys], keepUntil: String(known.keepUntil) }
  return { keys: keys.map((key, i) => (i === listed ? { ...key, ...stamps } : key)), keepUntil: stamps.keepUntil }
}

function isPast(keepUntil: unknown, now: number): boolean {
  if (typeof keepUntil !== 'string') return false
  const at = Date.parse(keepUntil)
  return !Number.isNaN(at) && at <= now
}
