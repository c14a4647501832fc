import type { VerificationKey } from './key-resolver'
import { keyError } from './key-error'
import { parseJwk } from './parse-jwk'

/** A JSON Web Key Set (RFC 7517 §5): `{ keys: [...] }`. */
export interface Jwks {
  keys: readonly unknown[]
}

/**
 * Reads every key of a JWKS once. Two keys with one `kid` are refused: the `kid` picks the key.
 * @param jwks the set as JSON.
 * @param source where it came from, for the message.
 * @param secrets whether shared secrets (`kty: "oct"`) are taken: a set of one's own, not a published one.
 * @throws TypeError (see keyError) naming the source and the key (its place in the set, its `kid`).
 */
export function readJwks(jwks: unknown, source: string, secrets: boolean): VerificationKey[] {
  const keys = (jwks as Jwks | null)?.keys
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(keys)) {
    throw keyError(source, '', 'not a JWKS (an object with a "keys" list)')
  }
  const read = keys.map((jwk, i) => parseJwk(jwk, source, `key ${i + 1}`, secrets))
  const kids = new Set<string>()
  read.forEach(({ kid }, i) => {
    if (kid === undefined) return
    if (kids.has(kid)) throw keyError(source, `key ${i + 1} (kid ${JSON.stringify(kid)})`, 'another key of the set has the same kid')
    kids.add(kid)
  })
  return read
}
