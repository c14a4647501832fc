import type { KeyObject } from 'node:crypto'

import { readKey, type KeyInput } from './read-key'

/**
 * Parses key material once into a `KeyObject` (see `readKey`: a PEM gives its public key, a JWK is
 * read as one, anything else is a secret).
 * @param input the configured secret, PEM or JWK.
 * @param source where it came from, for the message.
 * @returns the key, or undefined when the input is empty.
 * @throws TypeError when a PEM or a JWK cannot be read.
 */
export function parseKey(input: KeyInput | undefined, source: string): KeyObject | undefined {
  return readKey(input, source)?.key
}
