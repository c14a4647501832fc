import { BASE_32_LOWER, decodeBase32, encodeBase32, Z_BASE_32 } from './base32'

describe('base32 (z-base-32 and RFC 4648 lower case)', () => {
  test('RFC 4648 test vectors, lower case and unpadded', () => {
    const vectors = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']
    const encoded = vectors.map((text) => encodeBase32(Buffer.from(text), BASE_32_LOWER))
    expect(encoded).toStrictEqual(['', 'my', 'mzxq', 'mzxw6', 'mzxw6yq', 'mzxw6ytb', 'mzxw6ytboi'])
    expect(encoded.map((text) => Buffer.from(decodeBase32(text, BASE_32_LOWER)!).toString())).toStrictEqual(vectors)
  })

  test('z-base-32 of Pubky keys: 32 bytes are 52 characters, and round-trip', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3)
    const text = encodeBase32(bytes, Z_BASE_32)
    expect(text).toHaveLength(52)
    expect(decodeBase32(text, Z_BASE_32)).toStrictEqual(bytes)
    expect(encodeBase32(new Uint8Array(32), Z_BASE_32)).toBe('y'.repeat(52))
  })

  test.each([
    ['a character outside the alphabet', 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyl'],
    ['upper case', 'Y'.repeat(52)],
    ['a length no byte count has', 'y'.repeat(51)],
    ['unused trailing bits set', `${'y'.repeat(51)}b`],
    ['non-ASCII', `${'y'.repeat(51)}\u00ff`],
  ])('z-base-32 refuses %s', (_why, text) => {
    expect(decodeBase32(text, Z_BASE_32)).toBeNull()
  })
})
