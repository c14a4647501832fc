import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto'

import fc from 'fast-check'

import { RevokedList } from './revoked-list'

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url')
const es256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
const rs256 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

function token(alg: 'HS256' | 'RS256' | 'ES256', claims: object): string {
  const input = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`
  if (alg === 'HS256') return `${input}.${createHmac('sha256', 'a-revoked-list-secret-of-32-bytes!').update(input).digest('base64url')}`
  const key = alg === 'RS256' ? rs256 : es256
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
}

const ALGS = ['HS256', 'RS256', 'ES256'] as const

describe.each(ALGS)('RevokedList, %s', (alg) => {
  const listed = token(alg, { sub: 'listed' })
  const kept = token(alg, { sub: 'kept' })
  // A prefix and an extension of `kept` are on the list: neither may revoke it.
  const list = new RevokedList([listed, kept.slice(0, -4), `${kept}AAAA`, ''].join('\r\n'))

  test('a listed token is listed; a token whose prefix and extension are listed is not', () => {
    expect([list.has(listed), list.has(kept), list.size]).toStrictEqual([true, false, 3])
  })

  test('a line carrying the signature under another payload does not revoke the token', () => {
    const [header, , signature] = kept.split('.')
    const copied = `${header}.${b64(JSON.stringify({ sub: 'kepT' }))}.${signature}`
    const other = new RevokedList(copied)
    expect([other.has(kept), other.has(copied), other.size]).toStrictEqual([false, true, 1])
  })

  test('the same signature spelled otherwise is still listed', () => {
    const dot = listed.lastIndexOf('.')
    const bytes = Buffer.from(listed.slice(dot + 1), 'base64url')
    const respelled = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_']
      .map((c) => listed.slice(0, -1) + c)
      .filter((t) => t !== listed && Buffer.from(t.slice(dot + 1), 'base64url').equals(bytes))
    // The last character's unused bits: 2 for HS256 (32 bytes), 4 for RS256 (256) and ES256 (64).
    expect(respelled.length).toBe(alg === 'HS256' ? 3 : 15)
    for (const variant of respelled) expect(list.has(variant)).toBe(true)
  })

  if (alg === 'ES256') {
    test('the ECDSA twin (r, n − s) is listed', () => {
      const dot = listed.lastIndexOf('.')
      const bytes = Buffer.from(listed.slice(dot + 1), 'base64url')
      const s = BigInt(`0x${bytes.toString('hex', 32)}`)
      const twin = Buffer.concat([bytes.subarray(0, 32), Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex')])
      expect(list.has(listed.slice(0, dot + 1) + twin.toString('base64url'))).toBe(true)
    })
  }
})

describe('RevokedList, lines that are not signed JWTs', () => {
  const list = new RevokedList(['not a token', 'a.b.c', 'a+b.c.dddddddddddddddddddddddd', '  padded.by.spaces  '].join('\n'))

  test('are compared as whole lines (trimmed)', () => {
    expect({
      notAToken: list.has('not a token'),
      short: list.has('a.b.c'),
      shortExtended: list.has('a.b.cc'),
      plus: list.has('a+b.c.dddddddddddddddddddddddd'),
      padded: list.has('padded.by.spaces'),
      other: list.has('x.y.z'),
      size: list.size,
    }).toStrictEqual({ notAToken: true, short: true, shortExtended: false, plus: true, padded: true, other: false, size: 4 })
  })

  test('an empty file lists nothing', () => {
    expect([new RevokedList('').has('a.b.c'), new RevokedList('\n\n').size]).toStrictEqual([false, 0])
  })
})

test('many signatures: every listed one is found, no other is', () => {
  const header = b64('{"alg":"HS256","typ":"JWT"}')
  const random = () => `${header}.${b64(randomBytes(30))}.${b64(randomBytes(32))}`
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 200 }), (count, others) => {
      const listed = Array.from({ length: count }, random)
      const list = new RevokedList(listed.join('\n'))
      expect(list.size).toBe(count)
      expect(listed.every((t) => list.has(t))).toBe(true)
      expect(Array.from({ length: others }, random).some((t) => list.has(t))).toBe(false)
    }),
    { numRuns: 40, seed: 7 },
  )
})
