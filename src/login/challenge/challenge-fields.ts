/** The fields a challenge text names, in the order it names them. */
export interface ChallengeFields {
  /** The server's host (and port), e.g. `example.com` or `127.0.0.1:3000`. */
  readonly host: string
  /** The signer's public key as z-base-32 (`parsePublicKey(...).z32`). */
  readonly publicKeyZ32: string
  /** The capabilities asked for, normalized (`validateCapabilities`); `''` for none. */
  readonly caps: string
  /** At least 128 random bits, base64url (`createChallengeNonce`). */
  readonly nonce: string
  /** When the challenge stops being answerable. */
  readonly expiresAt: Date
}

export const FIRST_LINE_END = ' wants you to sign in with your Ed25519 key:'
export const CAPABILITIES = 'Capabilities: '
export const NONCE = 'Nonce: '
export const EXPIRATION_TIME = 'Expiration Time: '
/** What the Capabilities line says when none are asked for (no capability can be spelt so). */
export const NO_CAPABILITIES = 'none'
