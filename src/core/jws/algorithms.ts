import type { KeyObject } from 'node:crypto'

/** What verifies a JWS algorithm: node:crypto's key types (`secret` or an asymmetricKeyType). */
export type KeyType = 'secret' | 'rsa' | 'rsa-pss' | 'ec' | 'ed25519'

/** One JWS algorithm (RFC 7518 §3, RFC 8037 §3.1): which keys verify it, and how. */
export interface JwsAlgorithm {
  /** How the signature is made and checked. */
  family: 'hmac' | 'rsa' | 'rsa-pss' | 'ecdsa' | 'eddsa'
  /** The key types that verify it. */
  keyTypes: readonly KeyType[]
  /** ECDSA: node's name of the one curve it is defined on (RFC 7518 §3.4). */
  curve?: string
  /** The digest, by node's name; none for EdDSA, whose curve fixes it (`crypto.verify(null, …)`). */
  hash?: 'sha256' | 'sha384' | 'sha512'
  /** How a JWK holds such a key: its `kty`, and its `crv` where it has one. */
  jwk: { kty: 'oct' | 'RSA' | 'EC' | 'OKP'; crv?: string }
  /** Bytes of every signature: the HMAC output, ECDSA's R‖S, Ed25519's R‖S. RSA: the modulus's, so none here. */
  signatureBytes?: number
}

/**
 * The one table of JWS algorithms: every place that asks which key verifies or signs which `alg`
 * (setup's key check, the default algorithms, the signature check, the JWK reader, the revoked
 * list; a token signer too) reads it here. Modelled on jose's own table; EdDSA is Ed25519 (RFC 8037).
 */
export const JWS_ALGORITHMS = {
  HS256: { family: 'hmac', keyTypes: ['secret'], hash: 'sha256', jwk: { kty: 'oct' }, signatureBytes: 32 },
  HS384: { family: 'hmac', keyTypes: ['secret'], hash: 'sha384', jwk: { kty: 'oct' }, signatureBytes: 48 },
  HS512: { family: 'hmac', keyTypes: ['secret'], hash: 'sha512', jwk: { kty: 'oct' }, signatureBytes: 64 },
  RS256: { family: 'rsa', keyTypes: ['rsa'], hash: 'sha256', jwk: { kty: 'RSA' } },
  RS384: { family: 'rsa', keyTypes: ['rsa'], hash: 'sha384', jwk: { kty: 'RSA' } },
  RS512: { family: 'rsa', keyTypes: ['rsa'], hash: 'sha512', jwk: { kty: 'RSA' } },
  // RFC 7518 §3.5: PSS with MGF1 of the same hash and a salt as long as it, on RSA or RSA-PSS keys.
  PS256: { family: 'rsa-pss', keyTypes: ['rsa', 'rsa-pss'], hash: 'sha256', jwk: { kty: 'RSA' } },
  PS384: { family: 'rsa-pss', keyTypes: ['rsa', 'rsa-pss'], hash: 'sha384', jwk: { kty: 'RSA' } },
  PS512: { family: 'rsa-pss', keyTypes: ['rsa', 'rsa-pss'], hash: 'sha512', jwk: { kty: 'RSA' } },
  ES256: { family: 'ecdsa', keyTypes: ['ec'], curve: 'prime256v1', hash: 'sha256', jwk: { kty: 'EC', crv: 'P-256' }, signatureBytes: 64 },
  ES384: { family: 'ecdsa', keyTypes: ['ec'], curve: 'secp384r1', hash: 'sha384', jwk: { kty: 'EC', crv: 'P-384' }, signatureBytes: 96 },
  ES512: { family: 'ecdsa', keyTypes: ['ec'], curve: 'secp521r1', hash: 'sha512', jwk: { kty: 'EC', crv: 'P-521' }, signatureBytes: 132 },
  EdDSA: { family: 'eddsa', keyTypes: ['ed25519'], jwk: { kty: 'OKP', crv: 'Ed25519' }, signatureBytes: 64 },
} as const satisfies Record<string, JwsAlgorithm>

/** A JWS algorithm jwt-hooks verifies (`alg`). */
export type Algorithm = keyof typeof JWS_ALGORITHMS

export const ALGORITHM_NAMES = Object.keys(JWS_ALGORITHMS) as Algorithm[]

// How a JWK names each key type (RFC 7517 §4.1, RFC 8037 §2): an RSA-PSS key is an RSA JWK too.
const KTY_OF: Record<KeyType, JwsAlgorithm['jwk']['kty']> = { secret: 'oct', rsa: 'RSA', 'rsa-pss': 'RSA', ec: 'EC', ed25519: 'OKP' }

/** The table's row for an `alg`, or undefined for a name it does not hold (`none`, `hs256`, a number). */
export function algorithmOf(alg: unknown): JwsAlgorithm | undefined {
  return typeof alg === 'string' && Object.hasOwn(JWS_ALGORITHMS, alg) ? JWS_ALGORITHMS[alg as Algorithm] : undefined
}

/** A key's type as the table names it: `secret`, or its asymmetricKeyType (`rsa`, `ec`, `ed448`…). */
export function keyTypeOf(key: KeyObject): string {
  return key.type === 'secret' ? 'secret' : (key.asymmetricKeyType ?? 'unknown')
}

/** Whether the table lets this key verify `alg`: its type, and for ECDSA its curve. */
export function fitsKey(alg: Algorithm, key: KeyObject): boolean {
  const spec: JwsAlgorithm = JWS_ALGORITHMS[alg]
  if (!(spec.keyTypes as readonly string[]).includes(keyTypeOf(key))) return false
  return spec.curve === undefined || key.asymmetricKeyDetails?.namedCurve === spec.curve
}

/** Every algorithm this key can verify (empty for a key type no algorithm takes: DSA, X25519…). */
export function algorithmsFor(key: KeyObject): Algorithm[] {
  return ALGORITHM_NAMES.filter((alg) => fitsKey(alg, key))
}

/**
 * The algorithms a key allows when `verifyOptions.algorithms` is not set: jsonwebtoken's
 * defaults, every algorithm of the key's JWK family (an RSA key takes RS* and PS*, an EC key the
 * three ES*; one of another curve is then refused as `invalid algorithm`), and EdDSA for Ed25519.
 */
export function defaultAlgorithmsFor(key: KeyObject): Algorithm[] {
  const kty = KTY_OF[keyTypeOf(key) as KeyType]
  return ALGORITHM_NAMES.filter((alg) => JWS_ALGORITHMS[alg].jwk.kty === kty)
}
