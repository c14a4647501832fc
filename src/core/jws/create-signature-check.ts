import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto'

/**
 * Checks a JWS signature: true or false as jws/jwa answer (or, where jwa throws on an ECDSA
 * signature of the wrong length, false: jsonwebtoken's answer too, as no such signature is valid).
 * @param input the signing input `header.payload`, base64url characters only.
 * @param signature the third segment, base64url characters only, not empty.
 */
export type SignatureCheck = (input: string, signature: string) => boolean

const PINNED = /^(HS|RS|PS|ES)(256|384|512)$/
/** RFC 7518 §3.4: each ES algorithm names one curve, and each of R and S is as long as its order. */
export const EC_CURVES: Record<string, { curve: string; half: number }> = {
  ES256: { curve: 'prime256v1', half: 32 },
  ES384: { curve: 'secp384r1', half: 48 },
  ES512: { curve: 'secp521r1', half: 66 },
}

/**
 * Builds the check for one algorithm and key, once; undefined for a pair this check does not
 * cover (none, a key of another type or curve): jsonwebtoken decides those.
 */
export function createSignatureCheck(alg: string, key: KeyObject): SignatureCheck | undefined {
  if (!PINNED.test(alg)) return undefined
  const family = alg.slice(0, 2)
  const hash = `sha${alg.slice(2)}`
  if (family === 'HS') return key.type === 'secret' ? createHmacCheck(hash, key) : undefined
  if (key.type !== 'public') return undefined
  const type = key.asymmetricKeyType
  if (family === 'RS') return type === 'rsa' ? createRsaCheck(hash, key) : undefined
  // jwa verifies PS* with PSS padding and a salt as long as the hash, on RSA and RSA-PSS keys.
  if (family === 'PS') return type === 'rsa' || type === 'rsa-pss' ? createPssCheck(hash, key) : undefined
  const { curve, half } = EC_CURVES[alg]
  if (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== curve) return undefined
  return createEcdsaCheck(hash, key, half)
}

function createHmacCheck(hash: string, key: KeyObject): SignatureCheck {
  return (input, signature) => {
    // jwa compares the base64url text, so a signature with other trailing bits is refused too.
    const expected = createHmac(hash, key).update(input, 'latin1').digest('base64url')
    if (expected.length !== signature.length) return false
    // Constant time: an attacker must not learn how much of a forged HMAC was right.
    return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(signature, 'latin1'))
  }
}

function createRsaCheck(hash: string, key: KeyObject): SignatureCheck {
  return (input, signature) => verify(hash, Buffer.from(input, 'latin1'), key, Buffer.from(signature, 'base64'))
}

function createPssCheck(hash: string, key: KeyObject): SignatureCheck {
  const pss = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
  return (input, signature) => verify(hash, Buffer.from(input, 'latin1'), pss, Buffer.from(signature, 'base64'))
}

function createEcdsaCheck(hash: string, key: KeyObject, half: number): SignatureCheck {
  // RFC 7518 §3.4: the signature is R || S, not DER.
  const p1363 = { key, dsaEncoding: 'ieee-p1363' as const }
  return (input, signature) => {
    const raw = Buffer.from(signature, 'base64')
    // jwa throws for a signature of the wrong length (jsonwebtoken's answer: invalid signature),
    // and turns a zero R or S into DER that OpenSSL may refuse in its own way; neither is ever a
    // valid ECDSA signature (R and S are in [1, n-1]), so both are refused here, at once.
    if (raw.length !== 2 * half || isZero(raw, 0, half) || isZero(raw, half, 2 * half)) return false
    return verify(hash, Buffer.from(input, 'latin1'), p1363, raw)
  }
}

function isZero(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false
  return true
}
