import { NONCE } from '../challenge/challenge-fields'

/** The nonce line of a challenge text (its 5th), the key it is stored by; the stored text decides the rest. */
export function nonceOf(text: string): string | undefined {
  const line = text.split('\n', 6)[4]
  return line !== undefined && line.startsWith(NONCE) ? line.slice(NONCE.length) : undefined
}
