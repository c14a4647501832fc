import { generateKeyPairSync, randomBytes } from 'node:crypto'

import { checkEd25519Point, jacobi } from './check-ed25519-point'

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'))

describe('checkEd25519Point', () => {
  test('keys node:crypto generates are acceptable', () => {
    for (let i = 0; i < 20; i++) {
      const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url')
      expect(checkEd25519Point(raw)).toBeNull()
    }
  })

  test.each([
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  ])('small-order point %s is refused', (encoded) => {
    expect(checkEd25519Point(hex(encoded))).toBe('smallOrder')
  })

  test.each([
    ['y = p (a second encoding of y = 0)', hex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')],
    ['y = p + 1 (the identity plus p)', hex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')],
    ['y = 2^255 - 1', hex('ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')],
    ['the identity with the x sign bit set', hex('0100000000000000000000000000000000000000000000000000000000000080')],
    ['(0, -1) with the x sign bit set', hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff')],
  ])('%s is not canonical', (_why, bytes) => {
    expect(checkEd25519Point(bytes)).toBe('nonCanonical')
  })

  test('a y with no x on the curve is refused', () => {
    // y = 2: (4 - 1) / (4d + 1) is not a square mod p.
    expect(checkEd25519Point(hex('0200000000000000000000000000000000000000000000000000000000000000'))).toBe('notOnCurve')
  })
})

describe('jacobi', () => {
  test('agrees with Euler\'s criterion mod p on random values', () => {
    const P = 2n ** 255n - 19n
    const euler = (x: bigint) => {
      let result = 1n
      let base = x % P
      for (let e = (P - 1n) / 2n; e > 0n; e >>= 1n) {
        if (e & 1n) result = (result * base) % P
        base = (base * base) % P
      }
      return result === 1n ? 1 : result === 0n ? 0 : -1
    }
    const values = [0n, 1n, 2n, P - 1n, ...Array.from({ length: 200 }, () => BigInt(`0x${randomBytes(32).toString('hex')}`) % P)]
    expect(values.map((x) => jacobi(x, P))).toStrictEqual(values.map(euler))
  })
})
