import type { KeyResolver, VerificationKey } from './key-resolver'
import { indexKeys, pickKey } from './pick-key'
import { readJwks, type Jwks } from './read-jwks'

/**
 * The key resolver of a JWKS of one's own: the token's `kid` picks the key; a token without one
 * is verified only when the set holds one key. Each key is parsed once; a JWK's `alg` pins the
 * algorithm it verifies. Shared secrets (`kty: "oct"`) are taken, private keys never.
 * @param jwks `{ keys: [...] }`, as JSON.
 * @param source where it came from, for setup messages.
 * @throws TypeError naming the key for a private key, an encryption key (`use: "enc"`), a JWK it
 *   cannot read, or two keys with one `kid`.
 * @example
 * jwtRequired({ keys: createKeySet({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '…', kid: '2025-01' }] }) })
 */
export function createKeySet(jwks: Jwks, source = 'option "keys"'): KeyResolver {
  return keySetOf(readJwks(jwks, source, true))
}

/** A key set over keys already read (their kids distinct). */
export function keySetOf(read: readonly VerificationKey[]): KeyResolver {
  const keys = Object.freeze([...read])
  const index = indexKeys(keys)
  return { keys, resolve: (header) => pickKey(index, header) }
}
