/** Why 32 bytes are not an acceptable Ed25519 public key. */
export type PointProblem = 'nonCanonical' | 'notOnCurve' | 'smallOrder'

const P = 2n ** 255n - 19n
// d = -121665 / 121666 (mod p), RFC 8032 §5.1
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n

// The 8 points of small order, canonically encoded (RFC 8032 encodings, little-endian). With one
// of them as the public key, a signature "verifies" without any private key: node:crypto accepts
// R = identity, S = 0 for the identity key, whatever the message.
const SMALL_ORDER = new Set([
  '0100000000000000000000000000000000000000000000000000000000000000', // (0, 1), the identity
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // (0, -1), order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // (±sqrt(-1), 0), order 4
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
])

/**
 * Checks an encoded Ed25519 point the way a strict verifier must (RFC 8032 §5.1.3, plus the
 * small-order rule of "Taming the many EdDSAs"): the y coordinate below p, a point that exists
 * on the curve, no x sign bit for x = 0, and not one of the 8 small-order points.
 *
 * @param bytes - The 32-byte encoding.
 * @returns `null` for an acceptable key, else what is wrong with it.
 */
export function checkEd25519Point(bytes: Uint8Array): PointProblem | null {
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i] & 0x7f : bytes[i])
  if (y >= P) return 'nonCanonical'
  const signed = (bytes[31] & 0x80) !== 0
  const yy = (y * y) % P
  const u = (yy - 1n + P) % P
  const v = (D * yy + 1n) % P
  if (u === 0n) {
    // x = 0 (y = ±1): a set sign bit would be a second encoding of the same point.
    if (signed) return 'nonCanonical'
  } else if (jacobi((u * v) % P, P) !== 1) {
    // x² = u / v must be a square mod p; u / v and u·v are squares together (v² is one), and
    // the Jacobi symbol tells it for a fifth of the cost of Euler's criterion.
    return 'notOnCurve'
  }
  return SMALL_ORDER.has(Buffer.from(bytes.buffer, bytes.byteOffset, 32).toString('hex')) ? 'smallOrder' : null
}

/** The Jacobi symbol (a/n) for odd n > 0, by quadratic reciprocity (Cohen, Algorithm 1.4.10). */
export function jacobi(a: bigint, n: bigint): number {
  let top = a % n
  let bottom = n
  let result = 1
  while (top !== 0n) {
    while ((top & 1n) === 0n) {
      top >>= 1n
      const rest = bottom & 7n
      if (rest === 3n || rest === 5n) result = -result
    }
    ;[top, bottom] = [bottom, top]
    if ((top & 3n) === 3n && (bottom & 3n) === 3n) result = -result
    top %= bottom
  }
  return bottom === 1n ? result : 0
}
