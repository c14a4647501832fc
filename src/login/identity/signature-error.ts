/** Thrown by `decodeSignature` for a signature that is not 64 bytes in base64url or hex. */
export class SignatureError extends Error {
  constructor() {
    super('The signature must be 64 bytes: 86 base64url characters (no padding) or 128 hex digits.')
    this.name = 'SignatureError'
  }
}
