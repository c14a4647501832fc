import { createPublicKey, createSecretKey, KeyObject, type JsonWebKey } from 'node:crypto'

import type { VerificationKey } from './key-resolver'
import { isJwk, parseJwk } from './parse-jwk'

const PEM_MARK = '-----BEGIN'

/** Key material: a shared secret (HS*), a PEM, a JWK, or a KeyObject. */
export type KeyInput = string | Buffer | KeyObject | JsonWebKey

/**
 * Parses key material once into a verification key, so no request parses it again. A PEM
 * (public key, certificate, or private key: SPKI or PKCS#8) gives its public key; a JWK object, or
 * its JSON text, is read as a JWK (a private one is refused); any other string or Buffer is a secret.
 * @param input the configured secret, PEM or JWK.
 * @param source where it came from, for the message.
 * @returns the key, or undefined when the input is empty.
 * @throws TypeError when a PEM or a JWK cannot be read, or the input is of no such kind.
 */
export function readKey(input: KeyInput | undefined, source: string): VerificationKey | undefined {
  if (input === undefined) return undefined
  if (input instanceof KeyObject) return { key: input.type === 'private' ? createPublicKey(input) : input, source }
  if (isJwk(input)) return parseJwk(input, source, '', true)
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    throw new TypeError(`jwt-hooks: ${source}: must be a string, a Buffer, a KeyObject or a JWK`)
  }
  if (input.length === 0) return undefined
  const text = typeof input === 'string' ? input : input.toString('latin1')
  const jwk = jwkText(text)
  if (jwk !== undefined) return parseJwk(jwk, source, '', true)
  if (!text.includes(PEM_MARK)) return { key: createSecretKey(typeof input === 'string' ? Buffer.from(input, 'utf8') : input), source }
  try {
    return { key: createPublicKey(text), source }
  } catch (error) {
    throw new TypeError(`jwt-hooks: ${source}: not a readable PEM key (${(error as Error).message})`)
  }
}

// A JWK given as text (an environment variable, a YAML string): JSON of an object with "kty".
function jwkText(text: string): JsonWebKey | undefined {
  if (!text.trimStart().startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return isJwk(value) ? value : undefined
  } catch {
    return undefined
  }
}
