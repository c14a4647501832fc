import type { KeyResolver, VerificationKey } from './key-resolver'
import { readKey, type KeyInput } from './read-key'

/**
 * The key resolver of one key, whatever the token's `kid` says: a shared secret, a PEM or JWK
 * public key, or a KeyObject, parsed once.
 * @param key the secret or public key (a private PEM or KeyObject gives its public key).
 * @param source where it came from, for setup messages.
 * @throws TypeError when the key cannot be read, or is empty.
 * @example
 * createAuthenticator({ keys: createStaticKey(process.env.JWT_PUBLIC_KEY) })
 */
export function createStaticKey(key: KeyInput, source = 'the key'): KeyResolver {
  const found = readKey(key, source)
  if (found === undefined) throw new TypeError(`jwt-hooks: ${source} is empty`)
  return staticKeyOf(found)
}

/** A resolver over a key already read. */
export function staticKeyOf(key: VerificationKey): KeyResolver {
  const keys = Object.freeze([key])
  return { keys, resolve: () => key }
}
