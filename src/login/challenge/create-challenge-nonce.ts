import { randomBytes } from 'node:crypto'

/**
 * A fresh challenge nonce: 128 random bits from the CSPRNG, base64url (22 characters).
 *
 * @example
 * createChallengeText({ host, publicKeyZ32, caps, nonce: createChallengeNonce(), expiresAt })
 */
export function createChallengeNonce(): string {
  return randomBytes(16).toString('base64url')
}
