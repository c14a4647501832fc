import { verify } from 'node:crypto'

import type { Ed25519PublicKey } from './parse-public-key'

/**
 * Verifies an Ed25519 signature (RFC 8032, pure Ed25519) on node:crypto. The key comes from
 * `parsePublicKey`, which has already refused small-order and non-canonical points.
 *
 * @param key - The signer's public key.
 * @param message - The signed bytes; a string is taken as its UTF-8 bytes.
 * @param signature - The 64 signature bytes (see `decodeSignature`).
 * @returns Whether the signature is the key's over exactly these bytes.
 * @example
 * verifySignature(parsePublicKey(body.publicKey), challengeText, decodeSignature(body.signature))
 */
export function verifySignature(key: Ed25519PublicKey, message: Uint8Array | string, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message
  return verify(null, data, key.keyObject, signature)
}
