import { generateKeyPairSync } from 'node:crypto'

import { BASE_32_LOWER, encodeBase32, Z_BASE_32 } from '../identity/base32'
import { ChallengeTextError } from './challenge-text-error'
import { createChallengeNonce } from './create-challenge-nonce'
import { createChallengeText } from './create-challenge-text'
import { parseChallengeText } from './parse-challenge-text'

const KEY = '8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo'
const FIELDS = { host: 'example.com', publicKeyZ32: KEY, caps: '/pub/example.com/:rw,/pub/foo.txt:r', nonce: '1DXTtMl5hr2RSnLQhX5FxQ', expiresAt: new Date('2030-01-01T00:05:00.000Z') }
const TEXT = [
  'example.com wants you to sign in with your Ed25519 key:',
  KEY,
  '',
  'Capabilities: /pub/example.com/:rw,/pub/foo.txt:r',
  'Nonce: 1DXTtMl5hr2RSnLQhX5FxQ',
  'Expiration Time: 2030-01-01T00:05:00.000Z',
].join('\n')

function errorOf(run: () => unknown): { field: string; message: string } | 'no error' {
  try {
    run()
    return 'no error'
  } catch (error) {
    expect(error).toBeInstanceOf(ChallengeTextError)
    return { field: (error as ChallengeTextError).field, message: (error as ChallengeTextError).message }
  }
}

describe('createChallengeText', () => {
  test('names host, key, capabilities, nonce and expiry, one per line', () => {
    expect(createChallengeText(FIELDS)).toBe(TEXT)
    expect(createChallengeText({ ...FIELDS, expiresAt: FIELDS.expiresAt.getTime() })).toBe(TEXT)
  })

  test('no capabilities are written as "none"', () => {
    expect(createChallengeText({ ...FIELDS, caps: '', host: '[::1]:3000' }).split('\n')).toStrictEqual([
      '[::1]:3000 wants you to sign in with your Ed25519 key:',
      KEY,
      '',
      'Capabilities: none',
      'Nonce: 1DXTtMl5hr2RSnLQhX5FxQ',
      'Expiration Time: 2030-01-01T00:05:00.000Z',
    ])
  })

  const textileForm = `b${encodeBase32(Buffer.concat([Buffer.from('08011220', 'hex'), Buffer.alloc(32, 1)]), BASE_32_LOWER)}`
  test.each([
    ['host', { host: 'example.com\nNonce: x' }, 'The host is not a valid host name or address (with an optional port).'],
    ['host', { host: 'exa mple.com' }, 'The host is not a valid host name or address (with an optional port).'],
    ['host', { host: '' }, 'The host is not a valid host name or address (with an optional port).'],
    ['host', { host: 'example.com:3000:1' }, 'The host is not a valid host name or address (with an optional port).'],
    ['publicKey', { publicKeyZ32: `pubky${KEY}` }, 'The public key is not the z-base-32 form of a valid Ed25519 key.'],
    ['publicKey', { publicKeyZ32: textileForm }, 'The public key is not the z-base-32 form of a valid Ed25519 key.'],
    ['publicKey', { publicKeyZ32: encodeBase32(Buffer.from('01'.padEnd(64, '0'), 'hex'), Z_BASE_32) }, 'The public key is not the z-base-32 form of a valid Ed25519 key.'],
    ['caps', { caps: '/pub/app/:wr' }, 'The capabilities are not a normalized capabilities string.'],
    ['caps', { caps: ' /pub/app/:r' }, 'The capabilities are not a normalized capabilities string.'],
    ['caps', { caps: 'none' }, 'The capabilities are not a normalized capabilities string.'],
    ['caps', { caps: '/pub/app\nExpiration Time 2099/:r' }, 'The capabilities hold control, format or space characters other than U+0020.'],
    ['caps', { caps: '/pub/\u202eppa/:r' }, 'The capabilities hold control, format or space characters other than U+0020.'],
    ['caps', { caps: '/pub/a\u00a0b/:r' }, 'The capabilities hold control, format or space characters other than U+0020.'],
    ['nonce', { nonce: 'short' }, 'The nonce must be 22 to 128 base64url characters (at least 128 bits).'],
    ['nonce', { nonce: 'a+b/c'.padEnd(22, 'x') }, 'The nonce must be 22 to 128 base64url characters (at least 128 bits).'],
    ['expiresAt', { expiresAt: new Date('nope') }, 'The expiry is not a valid date.'],
    ['expiresAt', { expiresAt: Infinity }, 'The expiry is not a valid date.'],
  ])('refuses a bad %s', (field, change, message) => {
    expect(errorOf(() => createChallengeText({ ...FIELDS, ...change } as never))).toStrictEqual({ field, message })
  })

  test('the nonce helper gives 128 random bits, base64url', () => {
    const nonces = new Set(Array.from({ length: 100 }, createChallengeNonce))
    expect(nonces.size).toBe(100)
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  test('a space inside a scope is readable and kept', () => {
    expect(createChallengeText({ ...FIELDS, caps: '/pub/my app/:r' }).split('\n')[3]).toBe('Capabilities: /pub/my app/:r')
  })
})

describe('parseChallengeText', () => {
  test('reads back what createChallengeText wrote', () => {
    expect(parseChallengeText(TEXT)).toStrictEqual(FIELDS)
    const z32 = encodeBase32(Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url'), Z_BASE_32)
    const fields = { host: '127.0.0.1:8080', publicKeyZ32: z32, caps: '', nonce: createChallengeNonce(), expiresAt: new Date(1_900_000_000_123) }
    expect(parseChallengeText(createChallengeText(fields))).toStrictEqual(fields)
  })

  const LAYOUT = { field: 'text', message: 'The challenge text is not in the expected format.' }
  test.each([
    ['a trailing newline', `${TEXT}\n`, LAYOUT],
    ['CRLF line ends', TEXT.replace(/\n/g, '\r\n'), LAYOUT],
    ['an extra line', TEXT.replace('\n\n', '\n\nStatement: hi\n'), LAYOUT],
    ['a missing blank line', TEXT.replace('\n\n', '\n'), LAYOUT],
    ['another first line', TEXT.replace('wants you to sign in', 'asks you to sign in'), LAYOUT],
    ['an empty Capabilities line', TEXT.replace(/Capabilities: .*/, 'Capabilities: '), LAYOUT],
    ['a date in another form', TEXT.replace('2030-01-01T00:05:00.000Z', '2030-01-01T00:05:00Z'), LAYOUT],
    ['a space after the nonce', TEXT.replace('FxQ', 'FxQ '), { field: 'nonce', message: 'The nonce must be 22 to 128 base64url characters (at least 128 bits).' }],
    ['an unnormalized capability', TEXT.replace('/pub/foo.txt:r', '/pub/foo.txt:rr'), { field: 'caps', message: 'The capabilities are not a normalized capabilities string.' }],
    ['a date that is none', TEXT.replace('2030-01-01T00:05:00.000Z', 'tomorrow'), { field: 'expiresAt', message: 'The expiry is not a valid date.' }],
    ['the pubky prefix on the key', TEXT.replace(KEY, `pubky${KEY}`), { field: 'publicKey', message: 'The public key is not the z-base-32 form of a valid Ed25519 key.' }],
    ['not a string', 42, LAYOUT],
  ])('refuses %s', (_why, text, expected) => {
    expect(errorOf(() => parseChallengeText(text as string))).toStrictEqual(expected)
  })
})
