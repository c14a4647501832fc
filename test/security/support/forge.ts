import { createHmac, createPublicKey, sign as signWith, type KeyObject, type SignKeyObjectInput } from 'node:crypto'

import { KEY_KINDS, NOW } from '../../support/keys'

/** A JSON value (or a raw string, taken as is) in base64url, as one token segment. */
export function segment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
}

/** Any JSON value, strings included, encoded as JSON in base64url. */
export function jsonSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** header.payload.signature from JSON parts, the signature given as it goes on the wire. */
export function forge(header: unknown, payload: unknown, signature = ''): string {
  return `${segment(header)}.${segment(payload)}.${signature}`
}

/** Claims that would be let in if the signature were believed. */
export const CLAIMS = { sub: 'admin', role: 'root', iat: NOW - 10, exp: NOW + 3600 }

/**
 * Signs header.payload the way an attacker would, with any key material and any header:
 * HS* with whatever bytes are given as the secret, RS*, ES* and EdDSA with a private key.
 */
export function signAs(header: Record<string, unknown>, payload: unknown, key: string | Buffer | KeyObject | SignKeyObjectInput): string {
  const input = `${segment(header)}.${segment(payload)}`
  const alg = String(header.alg)
  const hash = `sha${alg.slice(2)}`
  let signature: Buffer
  if (alg === 'EdDSA') signature = signWith(null, Buffer.from(input), key as KeyObject)
  else if (alg.startsWith('HS')) signature = createHmac(hash, key as string | Buffer).update(input).digest()
  else if (alg.startsWith('ES')) signature = signWith(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' })
  else signature = signWith(hash, Buffer.from(input), key as KeyObject | SignKeyObjectInput)
  return `${input}.${signature.toString('base64url')}`
}

/** The public key of a kind's signing key as a JWK, for `jwk` header attacks. */
export function publicJwk(key: KeyObject): Record<string, unknown> {
  return createPublicKey(key).export({ format: 'jwk' }) as Record<string, unknown>
}

export const [HS256, RS256, ES256] = KEY_KINDS
