import { hashToken, randomToken } from '../../tokens/random-token'

/** The prefix of every key: a leaked one is recognised for what it is (secret scanners). */
export const API_KEY_PREFIX = 'jwth_'

/** A new API key (256 random bits after the prefix) and the hash the store keeps instead. */
export function newApiKey(): { key: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`
  return { key, hash: hashToken(key) }
}
