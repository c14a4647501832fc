/**
 * Reads a postcard `usize` varint (LEB128, 7 bits a byte, low group first) in its minimal form
 * only: postcard itself takes an over-long encoding too, which would give one token several
 * byte strings. Values above 2^32 - 1 (wasm32's usize, Pubky's SDK) are refused.
 *
 * @param bytes - The buffer.
 * @param offset - Where the varint starts.
 * @returns The value and the offset after it, or `null` when the varint is bad or cut short.
 */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } | null {
  let value = 0
  for (let i = 0; i < 5; i++) {
    if (offset + i >= bytes.length) return null
    const byte = bytes[offset + i]
    value += (byte & 0x7f) * 2 ** (7 * i)
    if ((byte & 0x80) === 0) {
      if (i > 0 && byte === 0) return null // a zero top group: not minimal
      return value <= 0xffffffff ? { value, next: offset + i + 1 } : null
    }
  }
  return null
}
