import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto'

/**
 * Checks a JWS signature: true or false as jws/jwa answer, or undefined where they would throw
 * or where this check is not sure to agree (the caller then asks jsonwebtoken).
 * @param input the signing input `header.payload`, base64url characters only.
 * @param signature the third segment, base64url characters only, not empty.
 */
export type SignatureCheck = (input: string, signature: string) => boolean | undefined

// RFC 7518 §3.4: each of R and S is as long as the curve's order.
const PINNED = /^(HS|RS|ES)(256|384|512)$/
const CURVES: Record<string, { curve: string; half: number }> = {
  ES256: { curve: 'prime256v1', half: 32 },
  ES384: { curve: 'secp384r1', half: 48 },
  ES512: { curve: 'secp521r1', half: 66 },
}

/**
 * Builds the check for one algorithm and key, once; undefined for a pair this check does not
 * cover (PS*, none, a key of another type or curve): jsonwebtoken decides those.
 */
export function createSignatureCheck(alg: string, key: KeyObject): SignatureCheck | undefined {
  const family = alg.slice(0, 2)
  const hash = `sha${alg.slice(2)}`
  if (!PINNED.test(alg)) return undefined
  if (family === 'HS') return key.type === 'secret' ? createHmacCheck(hash, key) : undefined
  if (key.type !== 'public') return undefined
  if (family === 'RS') return key.asymmetricKeyType === 'rsa' ? createRsaCheck(hash, key) : undefined
  const { curve, half } = CURVES[alg]
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== curve) return undefined
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

function createEcdsaCheck(hash: string, key: KeyObject, half: number): SignatureCheck {
  // RFC 7518 §3.4: the signature is R || S, not DER.
  const p1363 = { key, dsaEncoding: 'ieee-p1363' as const }
  return (input, signature) => {
    const raw = Buffer.from(signature, 'base64')
    // jwa throws for a signature of the wrong length, and turns a zero R or S into DER that
    // OpenSSL may refuse in its own way: leave both to jsonwebtoken.
    if (raw.length !== 2 * half || isZero(raw, 0, half) || isZero(raw, half, 2 * half)) return undefined
    return verify(hash, Buffer.from(input, 'latin1'), p1363, raw)
  }
}

function isZero(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false
  return true
}
