import { SignatureError } from './signature-error'

const HEX = /^[0-9a-fA-F]{128}$/

/**
 * Decodes an Ed25519 signature sent as text: base64url without padding (86 characters) or hex
 * (128 digits, either case). Both decodings are strict: stray characters or bits are refused.
 *
 * @param input - The `signature` field of the request.
 * @returns The 64 signature bytes.
 * @throws SignatureError for anything else.
 * @example
 * decodeSignature(Buffer.from(signatureBytes).toString('base64url'))
 */
export function decodeSignature(input: string): Uint8Array {
  if (typeof input === 'string') {
    if (input.length === 128 && HEX.test(input)) return Buffer.from(input, 'hex')
    if (input.length === 86) {
      const bytes = Buffer.from(input, 'base64url')
      if (bytes.length === 64 && bytes.toString('base64url') === input) return bytes
    }
  }
  throw new SignatureError()
}
