import { algorithmOf } from '../core/jws/algorithms'

// How a revoked line is known in the table: its signature's length and first 16 characters (96
// bits: random for every signature that verifies, and untouched by the two ways to re-spell one,
// the unused bits of the last character and ECDSA's (r, n − s), which changes only s), and a hash
// of its signed part, so a line with another header or payload never revokes the token whose
// signature it copies.

export const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
export const PREFIX_CHARS = 16
export const GROUPS = 4 // 16 characters as 4 groups of 4 (24 bits each)
/** [signature length, group 0..3, hash]; length 0 marks an empty slot. */
export const SLOT_WORDS = 2 + GROUPS
export const HASH = 1 + GROUPS

// SEC 2 group orders of P-256, P-384, P-521, by the curve's name in the algorithm table.
const ORDERS = new Map<string, bigint>([
  ['prime256v1', 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  ['secp384r1', 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
  ['secp521r1', 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n],
])
const BASE64URL = new Int8Array(128).fill(-1)
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) BASE64URL[c.charCodeAt(0)] = i

/** The group order of the token's ECDSA curve, when its `alg` is ECDSA and the signature of its size. */
function ecdsaOrderOf(token: string, bytes: number): bigint | undefined {
  let alg: unknown
  try {
    alg = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'))?.alg
  } catch {
    return undefined
  }
  const spec = algorithmOf(alg)
  if (spec?.family !== 'ecdsa' || spec.signatureBytes !== bytes) return undefined
  return ORDERS.get(spec.curve!)
}

/** FNV-1a (32 bits) of the token up to the dot before its signature. */
export function hashSignedPart(token: string, end: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < end; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** 4 base64url characters as 24 bits, or -1 if one is not base64url. */
export function group(token: string, at: number): number {
  const a = decode(token.charCodeAt(at))
  const b = decode(token.charCodeAt(at + 1))
  const c = decode(token.charCodeAt(at + 2))
  const d = decode(token.charCodeAt(at + 3))
  return (a | b | c | d) < 0 ? -1 : (a << 18) | (b << 12) | (c << 6) | d
}

function decode(code: number): number {
  return code < 128 ? BASE64URL[code] : -1
}

/** The first slot to probe for a signature whose first two groups are these. */
export function firstSlot(g0: number, g1: number, mask: number): number {
  // The bits of a signature are random: its first groups make a good slot number.
  return (g0 ^ (g1 << 8)) & mask
}

/** Whether a trimmed line is a signed JWT with a signature long enough to fingerprint. */
export function isFingerprintable(token: string): boolean {
  return JWS.test(token) && token.length - token.lastIndexOf('.') - 1 > PREFIX_CHARS
}

/**
 * A token kept as text, with its signature in one spelling (RFC 4648 §3.5: the unused low bits of
 * the last character do not change the bytes; ECDSA: (r, n − s) verifies wherever (r, s) does).
 * Which signatures are ECDSA ones is the header's `alg` to say, never their length: a 64-byte
 * Ed25519 signature is as long as a P-256 one, and has one spelling only.
 */
export function canonical(token: string): string {
  if (!JWS.test(token)) return token
  const dot = token.lastIndexOf('.')
  const signature = Buffer.from(token.slice(dot + 1), 'base64url')
  const half = signature.length / 2
  const order = ecdsaOrderOf(token, signature.length)
  if (order !== undefined) {
    const s = BigInt(`0x${signature.toString('hex', half)}`)
    if (s > order >> 1n && s < order) signature.write((order - s).toString(16).padStart(half * 2, '0'), half, 'hex')
  }
  return token.slice(0, dot + 1) + signature.toString('base64url')
}
