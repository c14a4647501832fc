/**
 * The signature of a `{ type: 'challenge', sig }` message: a Buffer's JSON
 * (`{ type: 'Buffer', data: [...] }`, what Textile's client sends) or, leniently, a plain array
 * of bytes; 64 of them, each a whole number 0–255.
 * @returns the bytes, or `undefined` for anything else.
 */
export function readSignatureJson(sig: unknown): Uint8Array | undefined {
  const data = isBufferJson(sig) ? sig.data : sig
  if (!Array.isArray(data) || data.length !== 64) return undefined
  for (const byte of data) if (!Number.isInteger(byte) || byte < 0 || byte > 255) return undefined
  return Uint8Array.from(data as number[])
}

function isBufferJson(value: unknown): value is { type: 'Buffer'; data: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { type?: unknown }).type === 'Buffer' && Object.keys(value).length === 2 && 'data' in value
}
