import type { KeyObject } from 'node:crypto'

import { createSignatureCheck, EC_CURVES, type SignatureCheck } from './create-signature-check'
import type { Failure } from '../types'
import { FIXED_FAILURES } from '../errors/to-failure'

/**
 * What jsonwebtoken does with one allowed algorithm and the key once the token is signed: refuse
 * it (a Failure), or check the signature (a SignatureCheck); undefined where jsonwebtoken must
 * decide the whole token (a pairing outside the HS/RS/PS/ES 256–512 family with the key type
 * that verifies it, which setup refuses, or one allowInvalidAsymmetricKeyTypes lets through).
 */
export type AlgorithmPlan = Failure | SignatureCheck | undefined

const PINNED = /^(HS|RS|PS|ES)(256|384|512)$/
// jsonwebtoken's validateAsymmetricKey: the algorithms each key type may verify (RFC 7518 §3.1).
const FITS: Record<string, RegExp> = { ec: /^ES/, rsa: /^(RS|PS)/, 'rsa-pss': /^PS/ }
const INVALID_ALGORITHM = FIXED_FAILURES.badAlgorithm

/**
 * Plans one algorithm for a key, once, at setup.
 * @param allowInvalidKeyTypes verifyOptions.allowInvalidAsymmetricKeyTypes.
 */
export function planAlgorithm(alg: string, key: KeyObject, allowInvalidKeyTypes: boolean): AlgorithmPlan {
  if (!PINNED.test(alg)) return undefined
  // jsonwebtoken refuses an HS algorithm with a public key, and the others with a secret, in its own words.
  if (alg.startsWith('HS') !== (key.type === 'secret') || (key.type !== 'secret' && key.type !== 'public')) return undefined
  const fits = fitsKey(alg, key)
  if (fits === undefined) return undefined
  // jsonwebtoken throws "alg" parameter… or Invalid key for this operation…: invalid algorithm.
  if (!fits) return allowInvalidKeyTypes ? undefined : INVALID_ALGORITHM
  return createSignatureCheck(alg, key)
}

/** jsonwebtoken's validateAsymmetricKey as a question: undefined for a key type it does not know. */
function fitsKey(alg: string, key: KeyObject): boolean | undefined {
  const type = key.asymmetricKeyType
  if (type === undefined) return true
  const family = FITS[type]
  if (family === undefined) return undefined
  if (!family.test(alg)) return false
  const details = key.asymmetricKeyDetails ?? {}
  if (type === 'ec') return details.namedCurve === EC_CURVES[alg].curve
  if (type !== 'rsa-pss') return true
  // RFC 8017 §A.2.3: an RSA-PSS key may be restricted to one hash and a salt length.
  const bits = Number(alg.slice(2))
  const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = details
  return hashAlgorithm === `sha${bits}` && mgf1HashAlgorithm === hashAlgorithm && !(saltLength !== undefined && saltLength > bits >> 3)
}
