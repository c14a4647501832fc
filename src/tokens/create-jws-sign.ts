import { constants, createHmac, sign, type KeyObject } from 'node:crypto'

import { algorithmOf, algorithmsFor, fitsKey, type Algorithm } from '../core/jws/algorithms'
import { describeKey } from '../core/keys/describe-key'

/** Signs a JWS signing input (`header.payload`, base64url) and answers the signature, base64url. */
export type JwsSign = (signingInput: string) => string

// jsonwebtoken's floor, kept: RSA keys shorter than 2048 bits are breakable (NIST SP 800-131A).
const MIN_RSA_BITS = 2048

/**
 * Builds the signing function for one key and algorithm, on node:crypto (every algorithm, EdDSA
 * included: jsonwebtoken cannot sign EdDSA). Which key signs which algorithm, and with which hash
 * and curve, is the core's algorithm table: signing and verifying read the same row. The key is
 * checked against the algorithm here, once.
 * @param key the secret or private key.
 * @param name the JWS algorithm (RFC 7518 §3.1, RFC 8037 §3.1), one of the table's.
 * @throws TypeError saying why the key cannot sign the algorithm (the caller names the key).
 */
export function createJwsSign(key: KeyObject, name: Algorithm): JwsSign {
  const spec = algorithmOf(name)
  if (spec === undefined) throw new TypeError(`${name} is not a JWS algorithm jwt-hooks knows`)
  if (!fitsKey(name, key)) {
    const fitting = algorithmsFor(key)
    throw new TypeError(`${describeKey(key)} ${fitting.length === 0 ? 'signs nothing here' : `signs ${fitting.join(', ')} only`}`)
  }
  const bits = key.asymmetricKeyDetails?.modulusLength
  if (bits !== undefined && bits < MIN_RSA_BITS) throw new TypeError(`an RSA key of ${bits} bits is too short (${MIN_RSA_BITS} at least)`)
  const hash = spec.hash!
  switch (spec.family) {
    case 'hmac':
      return (input) => createHmac(hash, key).update(input).digest('base64url')
    case 'rsa':
      return (input) => sign(hash, Buffer.from(input), key).toString('base64url')
    case 'rsa-pss': {
      // RFC 7518 §3.5: the salt is as long as the hash output.
      const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      return (input) => sign(hash, Buffer.from(input), options).toString('base64url')
    }
    case 'ecdsa': {
      // RFC 7518 §3.4: R and S concatenated, not DER.
      const options = { key, dsaEncoding: 'ieee-p1363' as const }
      return (input) => sign(hash, Buffer.from(input), options).toString('base64url')
    }
    case 'eddsa':
      // RFC 8037 §3.1: no digest is chosen, the curve fixes it.
      return (input) => sign(null, Buffer.from(input), key).toString('base64url')
  }
}
