import type { KeyObject } from 'node:crypto'

import type { Algorithm } from '../core/jws/algorithms'
import { createSignatureCheck } from '../core/jws/create-signature-check'
import { parseKey } from '../core/keys/parse-key'

/**
 * Whether the configured public key verifies a token the private key signed, by the check the
 * doors run: a pair that does not match would sign tokens every door refuses.
 * @param probe a compact JWS the signer made.
 * @param publicKey `settings.jwt.secretOrPublicKey`, a PEM.
 * @param name the JWS algorithm.
 */
export function checkProbe(probe: string, publicKey: string, name: Algorithm): boolean {
  const key = parseKey(publicKey, '"settings.jwt.secretOrPublicKey"') as KeyObject
  // A secret, or a public key of another type than the private one (an EC key for an Ed25519 signer): no check.
  const check = key.type === 'secret' ? undefined : createSignatureCheck(name, key)
  if (check === undefined) return false
  const dot = probe.lastIndexOf('.')
  return check(probe.slice(0, dot), probe.slice(dot + 1))
}
