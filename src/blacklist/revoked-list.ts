const LINE_BREAK = /\r?\n/
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
// SEC 2 group orders of P-256, P-384, P-521, by the byte length of R (and of S).
const ORDERS = new Map<number, bigint>([
  [32, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  [48, 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
  [66, 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n],
])

// A line is known by its signature's length and first 16 characters (96 bits: random for every
// signature that verifies, and untouched by the two ways to re-spell one, the unused bits of the
// last character and ECDSA's (r, n − s), which changes only s), and a hash of its signed part, so
// a line with another header or payload never revokes the token whose signature it copies.
const PREFIX_CHARS = 16
const GROUPS = 4 // 16 characters as 4 groups of 4 (24 bits each)
const SLOT_WORDS = 2 + GROUPS // [signature length, group 0..3, hash]; length 0 marks an empty slot
const HASH = 1 + GROUPS
const BASE64URL = new Int8Array(128).fill(-1)
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) BASE64URL[c.charCodeAt(0)] = i

/**
 * The revoked tokens of one blacklist file, held as a table of signature fingerprints in one
 * typed array (a million lines take 48 MB the garbage collector never walks, where a Set of the
 * lines took 250 MB of strings it walks at every major collection). Lines that are not shaped
 * like a signed JWT, or whose signature is too short to fingerprint, are kept as text.
 *
 * A token is listed when a line holds it, its signature compared by value. A line never revokes a
 * token it is a prefix or an extension of (their signatures differ in length), nor one whose
 * signature it carries under another header or payload (the signed parts' hashes differ).
 */
export class RevokedList {
  readonly size: number
  private readonly fingerprints: number
  private readonly slots: Uint32Array
  private readonly mask: number
  private readonly lines: Set<string>

  constructor(text: string) {
    const fingerprinted: string[] = []
    this.lines = new Set()
    for (const line of text.split(LINE_BREAK)) {
      const token = line.trim()
      if (token === '') continue
      if (JWS.test(token) && signatureLength(token) > PREFIX_CHARS) fingerprinted.push(token)
      else this.lines.add(canonical(token))
    }
    // At most half full, so a miss ends at an empty slot within a few probes.
    let capacity = 8
    while (capacity < fingerprinted.length * 2) capacity *= 2
    this.slots = new Uint32Array(capacity * SLOT_WORDS)
    this.mask = capacity - 1
    let count = 0
    for (const token of fingerprinted) if (this.add(token)) count++
    this.fingerprints = count
    this.size = count + this.lines.size
  }

  /** Whether the token is listed; costs no allocation for a token shaped like a signed JWT. */
  has(token: string): boolean {
    if (this.fingerprints > 0) {
      const start = token.lastIndexOf('.') + 1
      const length = token.length - start
      if (length > PREFIX_CHARS && start > 0) {
        const at = this.find(token, start, length)
        if (at !== -1 && this.slots[at] !== 0) return true
      }
    }
    return this.lines.size > 0 && this.lines.has(canonical(token))
  }

  private add(token: string): boolean {
    const start = token.lastIndexOf('.') + 1
    const at = this.find(token, start, token.length - start)
    if (at === -1 || this.slots[at] !== 0) return false
    this.slots[at] = token.length - start
    for (let g = 0; g < GROUPS; g++) this.slots[at + 1 + g] = group(token, start + 4 * g)
    this.slots[at + HASH] = hashSignedPart(token, start - 1)
    return true
  }

  /**
   * The slot holding this signature, or the empty slot where it would go; -1 when its first
   * characters are not base64url (a token that cannot have verified: looked up as text).
   */
  private find(token: string, start: number, length: number): number {
    const g0 = group(token, start)
    const g1 = group(token, start + 4)
    const g2 = group(token, start + 8)
    const g3 = group(token, start + 12)
    if ((g0 | g1 | g2 | g3) < 0) return -1
    const slots = this.slots
    // Hashed only once the signature matches: most tokens asked about are not listed.
    let hash = -1
    // The bits of a signature are random: its first groups make a good slot number. Linear probing.
    for (let i = (g0 ^ (g1 << 8)) & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * SLOT_WORDS
      const stored = slots[at]
      if (stored === 0) return at
      if (stored === length && slots[at + 1] === g0 && slots[at + 2] === g1 && slots[at + 3] === g2 && slots[at + 4] === g3) {
        if (hash === -1) hash = hashSignedPart(token, start - 1)
        if (slots[at + HASH] === hash) return at
      }
    }
  }
}

/** FNV-1a (32 bits) of the token up to the dot before its signature. */
function hashSignedPart(token: string, end: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < end; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** 4 base64url characters as 24 bits, or -1 if one is not base64url. */
function group(token: string, at: number): number {
  const a = decode(token.charCodeAt(at))
  const b = decode(token.charCodeAt(at + 1))
  const c = decode(token.charCodeAt(at + 2))
  const d = decode(token.charCodeAt(at + 3))
  return (a | b | c | d) < 0 ? -1 : (a << 18) | (b << 12) | (c << 6) | d
}

function decode(code: number): number {
  return code < 128 ? BASE64URL[code] : -1
}

function signatureLength(token: string): number {
  return token.length - token.lastIndexOf('.') - 1
}

/**
 * A token kept as text, with its signature in one spelling (RFC 4648 §3.5: the unused low bits of
 * the last character do not change the bytes; ECDSA: (r, n − s) verifies wherever (r, s) does).
 */
function canonical(token: string): string {
  if (!JWS.test(token)) return token
  const dot = token.lastIndexOf('.')
  const signature = Buffer.from(token.slice(dot + 1), 'base64url')
  const half = signature.length / 2
  const order = ORDERS.get(half)
  if (order !== undefined) {
    const s = BigInt(`0x${signature.toString('hex', half)}`)
    if (s > order >> 1n && s < order) signature.write((order - s).toString(16).padStart(half * 2, '0'), half, 'hex')
  }
  return token.slice(0, dot + 1) + signature.toString('base64url')
}
