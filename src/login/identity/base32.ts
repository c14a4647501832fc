/** z-base-32 (Pubky's public keys): the human-oriented alphabet of Zooko's spec. */
export const Z_BASE_32 = 'ybndrfg8ejkmcpqxot1uwisza345h769'
/** RFC 4648 base32, lower case (multibase `b`, as Textile identities use it). */
export const BASE_32_LOWER = 'abcdefghijklmnopqrstuvwxyz234567'

const TABLES = new Map<string, Int8Array>()

/**
 * Encodes bytes in a 32-character alphabet, most significant bit first, no padding.
 *
 * @param bytes - What to encode.
 * @param alphabet - `Z_BASE_32` or `BASE_32_LOWER`.
 */
export function encodeBase32(bytes: Uint8Array, alphabet: string): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += alphabet[(buffer >>> bits) & 31]
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31]
  return out
}

/**
 * Decodes an unpadded base32 string strictly: every character in the alphabet (case matters),
 * a length that some byte count encodes, and unused trailing bits zero, so one byte string has
 * exactly one text.
 *
 * @param text - What to decode.
 * @param alphabet - `Z_BASE_32` or `BASE_32_LOWER`.
 * @returns The bytes, or `null` when the text is not the canonical encoding of any.
 */
export function decodeBase32(text: string, alphabet: string): Uint8Array | null {
  const table = tableOf(alphabet)
  const tail = (text.length * 5) % 8
  if (tail >= 5) return null // 1, 3 or 6 characters past a 5-byte group encode no whole byte
  const out = new Uint8Array(Math.floor((text.length * 5) / 8))
  let buffer = 0
  let bits = 0
  let at = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const value = code < 128 ? table[code] : -1
    if (value < 0) return null
    buffer = ((buffer << 5) | value) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out[at++] = (buffer >>> bits) & 0xff
    }
  }
  return (buffer & ((1 << bits) - 1)) === 0 ? out : null
}

function tableOf(alphabet: string): Int8Array {
  let table = TABLES.get(alphabet)
  if (table === undefined) {
    table = new Int8Array(128).fill(-1)
    for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i
    TABLES.set(alphabet, table)
  }
  return table
}
