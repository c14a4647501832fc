/** Which part of a challenge text is wrong. */
export type ChallengeField = 'text' | 'host' | 'publicKey' | 'caps' | 'nonce' | 'expiresAt'

/**
 * Thrown by `createChallengeText` for a field it cannot put in a challenge, and by
 * `parseChallengeText` for a text that is not exactly one it would write.
 */
export class ChallengeTextError extends Error {
  readonly field: ChallengeField

  constructor(field: ChallengeField, message: string) {
    super(message)
    this.name = 'ChallengeTextError'
    this.field = field
  }
}
