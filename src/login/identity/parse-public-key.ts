import { createPublicKey, type KeyObject } from 'node:crypto'

import { BASE_32_LOWER, decodeBase32, encodeBase32, Z_BASE_32 } from './base32'
import { checkEd25519Point } from './check-ed25519-point'
import { PublicKeyError } from './public-key-error'

/** An Ed25519 public key, validated, in the forms the rest of the package needs. */
export interface Ed25519PublicKey {
  /** The 32 raw bytes (RFC 8032 encoding). */
  readonly bytes: Uint8Array
  /** z-base-32 of the bytes, 52 characters: the canonical form, and the `sub` of its tokens. */
  readonly z32: string
  /** For `crypto.verify(null, message, keyObject, signature)`. */
  readonly keyObject: KeyObject
}

// DER of SubjectPublicKeyInfo { id-Ed25519 (1.3.101.112) } up to the 32 key bytes (RFC 8410 §4).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
// libp2p's protobuf PublicKey { Type: Ed25519 (1), Data: 32 bytes }, as Textile encodes it.
const TEXTILE_PREFIX = Buffer.from('08011220', 'hex')
const PEM = /^\s*-----BEGIN ([A-Z0-9 ]{1,40})-----\r?\n([A-Za-z0-9+/=\s]*?)-----END \1-----\s*$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const WHITE_SPACE = /\s+/g
const LONGEST = 4096

const EXPECTED =
  'expected z-base-32 (52 characters, optionally after "pubky"), a Textile identity (multibase base32, 59 characters), base64url of the 32 key bytes (43 characters) or a PEM SPKI Ed25519 key'
const MESSAGES = {
  type: 'The public key must be a string.',
  format: `The public key is not in a known form: ${EXPECTED}.`,
  z32: 'The public key is not valid z-base-32 of 32 bytes (52 characters of ybndrfg8ejkmcpqxot1uwisza345h769, lower case).',
  textile: 'The public key is not a valid Textile identity (multibase "b" base32 of an Ed25519 libp2p public key).',
  textileType: 'The Textile identity is not an Ed25519 key.',
  base64url: 'The public key is not valid base64url of 32 bytes (43 characters, no padding).',
  pem: 'The PEM is not an SPKI public key ("-----BEGIN PUBLIC KEY-----").',
  pemType: 'The PEM public key is not an Ed25519 key.',
  privateKey: 'This is a private key: send the public key only.',
  nonCanonical: 'The public key is not the canonical encoding of an Ed25519 point.',
  notOnCurve: 'The public key is not a point on the Ed25519 curve.',
  smallOrder: 'The public key is a small-order Ed25519 point, for which anyone can make signatures.',
} as const

/**
 * Parses an Ed25519 public key given in any of the forms users of Pubky or Textile have: Pubky's
 * z-base-32 (`PublicKey.z32()`, or `toString()` with its `pubky` prefix), the Textile identity
 * string (`PrivateKey.public.toString()` of @textile/crypto: multibase base32 of the libp2p
 * protobuf key), base64url of the 32 raw bytes, or PEM SPKI. Whatever the form, one key gives one
 * `z32`. Each form is decoded strictly (one text per key), and the point must be canonical, on
 * the curve and not of small order, which node:crypto alone would not check.
 *
 * @param input - The key as the client sent it.
 * @throws PublicKeyError with a message saying what is wrong (never repeating the input).
 * @example
 * const key = parsePublicKey('pubky8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo')
 * key.z32 // '8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo'
 */
export function parsePublicKey(input: string): Ed25519PublicKey {
  if (typeof input !== 'string') throw new PublicKeyError('type', MESSAGES.type)
  if (input.length > LONGEST) throw new PublicKeyError('format', MESSAGES.format)
  return fromBytes(decodeAny(input))
}

function decodeAny(input: string): Uint8Array {
  if (input.trimStart().startsWith('-----BEGIN')) return decodePem(input)
  if (input.length === 57 && input.startsWith('pubky')) return decodeZ32(input.slice(5))
  if (input.length === 52) return decodeZ32(input)
  if (input.length === 59 && input.startsWith('b')) return decodeTextile(input.slice(1))
  if (input.length === 43) return decodeBase64url(input)
  throw new PublicKeyError('format', MESSAGES.format)
}

function decodeZ32(text: string): Uint8Array {
  return decodeBase32(text, Z_BASE_32) ?? fail('format', MESSAGES.z32)
}

function decodeTextile(text: string): Uint8Array {
  const bytes = decodeBase32(text, BASE_32_LOWER) ?? fail('format', MESSAGES.textile)
  if (bytes[0] === 0x08 && bytes[1] !== 0x01) fail('keyType', MESSAGES.textileType)
  if (!TEXTILE_PREFIX.equals(bytes.subarray(0, 4))) fail('format', MESSAGES.textile)
  return bytes.subarray(4)
}

function decodeBase64url(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64url')
  // Buffer ignores bad characters and stray bits; the round trip refuses both.
  if (bytes.length !== 32 || bytes.toString('base64url') !== text) fail('format', MESSAGES.base64url)
  return bytes
}

function decodePem(text: string): Uint8Array {
  const match = PEM.exec(text)
  if (match === null) fail('format', MESSAGES.pem)
  if (match[1].includes('PRIVATE KEY')) fail('privateKey', MESSAGES.privateKey)
  const body = match[2].replace(WHITE_SPACE, '')
  if (match[1] !== 'PUBLIC KEY' || !BASE64.test(body)) fail('format', MESSAGES.pem)
  const der = Buffer.from(body, 'base64')
  if (der.length === 44 && SPKI_PREFIX.equals(der.subarray(0, 12))) return der.subarray(12)
  try {
    createPublicKey({ key: der, format: 'der', type: 'spki' })
  } catch {
    fail('format', MESSAGES.pem)
  }
  return fail('keyType', MESSAGES.pemType)
}

function fromBytes(bytes: Uint8Array): Ed25519PublicKey {
  const problem = checkEd25519Point(bytes)
  if (problem !== null) fail(problem, MESSAGES[problem])
  const raw = Uint8Array.from(bytes)
  // A JWK import costs a fraction of a DER one (OpenSSL's decoder machinery), for the same key.
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' })
  return Object.freeze({ bytes: raw, z32: encodeBase32(raw, Z_BASE_32), keyObject })
}

function fail(problem: PublicKeyError['problem'], message: string): never {
  throw new PublicKeyError(problem, message)
}
