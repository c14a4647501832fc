import { constants, verify, type KeyObject } from 'node:crypto'

import { parseKey } from '../core/keys/parse-key'
import { SIGNING_ALGORITHMS } from './signing-algorithms'

/**
 * Whether the configured public key verifies a token the private key signed: a pair that does
 * not match would sign tokens every door refuses.
 * @param probe a compact JWS the signer made.
 * @param publicKey `settings.jwt.secretOrPublicKey`, a PEM.
 * @param name the JWS algorithm.
 */
export function checkProbe(probe: string, publicKey: string, name: string): boolean {
  const key = parseKey(publicKey, '"settings.jwt.secretOrPublicKey"') as KeyObject
  const algorithm = SIGNING_ALGORITHMS[name]
  if (key.type === 'secret') return false
  const dot = probe.lastIndexOf('.')
  const input = Buffer.from(probe.slice(0, dot))
  const signature = Buffer.from(probe.slice(dot + 1), 'base64url')
  try {
    switch (algorithm.kind) {
      case 'rsa-pss':
        return verify(algorithm.hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature)
      case 'ec':
        return verify(algorithm.hash, input, { key, dsaEncoding: 'ieee-p1363' }, signature)
      default:
        return verify(algorithm.hash, input, key, signature)
    }
  } catch {
    // A public key of another type than the private one (an EC key for an Ed25519 signer).
    return false
  }
}
