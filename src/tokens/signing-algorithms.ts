import type { KeyObject } from 'node:crypto'

/** How one JWS algorithm signs (RFC 7518 §3, RFC 8037 §3.1). */
export interface SigningAlgorithm {
  kind: 'hmac' | 'rsa' | 'rsa-pss' | 'ec' | 'eddsa'
  /** The hash, for node:crypto (`null` for EdDSA, which hashes inside). */
  hash: 'sha256' | 'sha384' | 'sha512' | null
  /** The key types that can sign it. */
  keyTypes: readonly string[]
  /** RFC 7518 §3.4: each ES algorithm names one curve. */
  curve?: string
}

// The signer's own small table until the core's algorithm table (core/jws/algorithms.ts) exists:
// then the signer reads that one, so signing and verifying can never disagree on a row.
export const SIGNING_ALGORITHMS: Readonly<Record<string, SigningAlgorithm>> = Object.freeze({
  HS256: { kind: 'hmac', hash: 'sha256', keyTypes: ['secret'] },
  HS384: { kind: 'hmac', hash: 'sha384', keyTypes: ['secret'] },
  HS512: { kind: 'hmac', hash: 'sha512', keyTypes: ['secret'] },
  RS256: { kind: 'rsa', hash: 'sha256', keyTypes: ['rsa'] },
  RS384: { kind: 'rsa', hash: 'sha384', keyTypes: ['rsa'] },
  RS512: { kind: 'rsa', hash: 'sha512', keyTypes: ['rsa'] },
  PS256: { kind: 'rsa-pss', hash: 'sha256', keyTypes: ['rsa', 'rsa-pss'] },
  PS384: { kind: 'rsa-pss', hash: 'sha384', keyTypes: ['rsa', 'rsa-pss'] },
  PS512: { kind: 'rsa-pss', hash: 'sha512', keyTypes: ['rsa', 'rsa-pss'] },
  ES256: { kind: 'ec', hash: 'sha256', keyTypes: ['ec'], curve: 'prime256v1' },
  ES384: { kind: 'ec', hash: 'sha384', keyTypes: ['ec'], curve: 'secp384r1' },
  ES512: { kind: 'ec', hash: 'sha512', keyTypes: ['ec'], curve: 'secp521r1' },
  EdDSA: { kind: 'eddsa', hash: null, keyTypes: ['ed25519'] },
})

/** The algorithm a private key signs with when `settings.jwt.algorithm` is not set. */
export function defaultAlgorithm(key: KeyObject): string | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256'
    case 'rsa-pss':
      return 'PS256'
    case 'ed25519':
      return 'EdDSA'
    case 'ec':
      return Object.keys(SIGNING_ALGORITHMS).find((name) => SIGNING_ALGORITHMS[name].curve === key.asymmetricKeyDetails?.namedCurve)
    default:
      return undefined
  }
}

/** The algorithms a key can sign, for messages. */
export function algorithmsFor(key: KeyObject): string[] {
  return Object.keys(SIGNING_ALGORITHMS).filter((name) => fits(key, SIGNING_ALGORITHMS[name]))
}

/** Whether the key can sign the algorithm. */
export function fits(key: KeyObject, algorithm: SigningAlgorithm): boolean {
  const type = key.type === 'secret' ? 'secret' : String(key.asymmetricKeyType)
  if (!algorithm.keyTypes.includes(type)) return false
  return algorithm.curve === undefined || key.asymmetricKeyDetails?.namedCurve === algorithm.curve
}
