import { createHash, randomBytes } from 'node:crypto'

/** `bytes` random bytes, base64url: a sid (16 bytes, 128 bits) or a refresh token (32 bytes, 256 bits). */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

/** SHA-256 of an opaque token, base64url: what the stores keep instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}
