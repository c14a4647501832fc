import { timingSafeEqual } from 'node:crypto'

/**
 * Compares two key hashes in constant time. A lookup by an index matched them already; this
 * guards against a database whose comparison is looser than byte equality (a case-insensitive
 * collation, trailing spaces).
 */
export function sameHash(stored: string, given: string): boolean {
  const a = Buffer.from(stored, 'utf8')
  const b = Buffer.from(given, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
