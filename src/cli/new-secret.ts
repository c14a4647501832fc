import { randomBytes } from 'node:crypto'

/** 32 random bytes (256 bits, what HS256 wants: RFC 7518 §3.2), base64. */
export function newSecret(): string {
  return randomBytes(32).toString('base64')
}
