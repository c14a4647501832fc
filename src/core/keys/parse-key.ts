import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto'

import type { KeyInput } from '../types'

const PEM_MARK = '-----BEGIN'

/**
 * Parses key material once into a `KeyObject`, so no request parses it again.
 * A PEM (public key, certificate or private key) gives its public key; anything else is a secret.
 * @param input the configured secret or PEM.
 * @param source where it came from, for the message.
 * @returns the key, or undefined when the input is empty.
 * @throws TypeError when a PEM cannot be read.
 */
export function parseKey(input: KeyInput | undefined, source: string): KeyObject | undefined {
  if (input === undefined) return undefined
  if (input instanceof KeyObject) return input.type === 'private' ? createPublicKey(input) : input
  if (input.length === 0) return undefined
  const text = typeof input === 'string' ? input : input.toString('latin1')
  if (!text.includes(PEM_MARK)) return createSecretKey(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
  try {
    return createPublicKey(text)
  } catch (error) {
    throw new TypeError(`jwt-hooks: ${source}: not a readable PEM key (${(error as Error).message})`)
  }
}
