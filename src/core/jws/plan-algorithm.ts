import type { KeyObject } from 'node:crypto'

import type { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import { algorithmOf, fitsKey, keyTypeOf, type Algorithm } from './algorithms'
import { createSignatureCheck, type SignatureCheck } from './create-signature-check'

/**
 * What is done with one allowed algorithm and a key once the token is signed: refuse it (a
 * Failure), or check the signature (a SignatureCheck); undefined where jsonwebtoken must decide
 * the whole token (a pairing its key-type check refuses and allowInvalidAsymmetricKeyTypes lets
 * through, which jsonwebtoken then judges in its own way).
 */
export type AlgorithmPlan = Failure | SignatureCheck | undefined

const INVALID_ALGORITHM = FIXED_FAILURES.badAlgorithm
// jsonwebtoken's validateAsymmetricKey: which algorithms each key type may verify (RFC 7518 §3.1).
const JSONWEBTOKEN_FITS: Record<string, RegExp> = { ec: /^ES/, rsa: /^(RS|PS)/, 'rsa-pss': /^PS/ }

/**
 * Plans one algorithm for a key, once, at setup (or when a key set's key is first used).
 * @param allowInvalidKeyTypes verifyOptions.allowInvalidAsymmetricKeyTypes.
 */
export function planAlgorithm(alg: string, key: KeyObject, allowInvalidKeyTypes: boolean): AlgorithmPlan {
  const spec = algorithmOf(alg)
  if (spec === undefined || (key.type !== 'secret' && key.type !== 'public')) return undefined
  const type = keyTypeOf(key)
  // EdDSA is this verifier's alone (jsonwebtoken has none): an Ed25519 key verifies EdDSA only,
  // and EdDSA only an Ed25519 key, whatever allowInvalidAsymmetricKeyTypes says.
  if (spec.family === 'eddsa' || type === 'ed25519') return fitsKey(alg as Algorithm, key) ? createSignatureCheck(alg as Algorithm, key) : INVALID_ALGORITHM
  // An HMAC algorithm with a public key, or another with a secret: the key confusion of
  // CVE-2016-10555. Setup refuses such `algorithms`; a key set's other keys may still name one.
  if ((spec.family === 'hmac') !== (type === 'secret')) return INVALID_ALGORITHM
  const fits = fitsAsJsonwebtoken(alg, key)
  // jsonwebtoken throws "alg" parameter… or Invalid key for this operation…: invalid algorithm.
  if (!fits) return allowInvalidKeyTypes ? undefined : INVALID_ALGORITHM
  return createSignatureCheck(alg as Algorithm, key)
}

/** jsonwebtoken's validateAsymmetricKey as a question, for the RSA and EC keys it knows. */
function fitsAsJsonwebtoken(alg: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType
  if (type === undefined) return true
  if (!JSONWEBTOKEN_FITS[type]?.test(alg)) return false
  if (type === 'ec') return fitsKey(alg as Algorithm, key)
  if (type !== 'rsa-pss') return true
  // RFC 8017 §A.2.3: an RSA-PSS key may be restricted to one hash and a salt length.
  const bits = Number(alg.slice(2))
  const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = key.asymmetricKeyDetails ?? {}
  return hashAlgorithm === `sha${bits}` && mgf1HashAlgorithm === hashAlgorithm && !(saltLength !== undefined && saltLength > bits >> 3)
}
