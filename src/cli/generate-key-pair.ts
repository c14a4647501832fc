import { generateKeyPairSync, type KeyObject } from 'node:crypto'

import { ALGORITHM_NAMES, JWS_ALGORITHMS, type Algorithm, type JwsAlgorithm } from '../core/jws/algorithms'

/** The algorithms of the table that sign with a key pair (every one but HS*). */
export const KEY_PAIR_ALGORITHMS: readonly Algorithm[] = ALGORITHM_NAMES.filter((alg) => JWS_ALGORITHMS[alg].family !== 'hmac')

// jose's default and this project's floor (create-jws-sign.ts): an RSA key of 2048 bits.
const RSA_BITS = 2048

/** A key pair as PEM text: PKCS#8 private key, SPKI public key. */
export interface PemKeyPair {
  privateKey: string
  publicKey: string
  /** The private key, parsed. */
  key: KeyObject
}

/**
 * A new key pair for a JWS algorithm, on node:crypto, of the type its row of the table names: an
 * Ed25519 key for EdDSA, an RSA key for RS* and PS* (an RSA-PSS key would have no JWK), the ES*
 * row's curve for ES*.
 * @param alg one of KEY_PAIR_ALGORITHMS.
 */
export function generateKeyPair(alg: Algorithm): PemKeyPair {
  const spec: JwsAlgorithm = JWS_ALGORITHMS[alg]
  const pair =
    spec.family === 'eddsa'
      ? generateKeyPairSync('ed25519')
      : spec.family === 'ecdsa'
        ? generateKeyPairSync('ec', { namedCurve: spec.curve! })
        : generateKeyPairSync('rsa', { modulusLength: RSA_BITS })
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    key: pair.privateKey,
  }
}
