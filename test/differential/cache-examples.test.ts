import { constants, createSecretKey, generateKeyPairSync, sign as signWith, createHmac, type KeyObject } from 'node:crypto'

import { createTokenVerifier } from '../../src/core/jws/create-token-verifier'
import { createStaticKey } from '../../src/core/keys/static-key'
import { TokenCache } from '../../src/core/jws/token-cache'
import { Failure, type VerifyOptions } from '../../src/core/types'
import { reference } from './oracle'

// The cache over time, case by case: each step's answer must be jsonwebtoken's at that instant.

const T0 = 1_800_000_000
const secret = createSecretKey(Buffer.from('a-cache-example-secret-of-at-least-32-bytes'))
// jsonwebtoken wants an RSA-PSS key restricted to the algorithm's hash (RFC 4055 parameters).
const pss = generateKeyPairSync('rsa-pss', {
  modulusLength: 2048,
  hashAlgorithm: 'sha256',
  mgf1HashAlgorithm: 'sha256',
  saltLength: 32,
} as any) as unknown as { privateKey: KeyObject; publicKey: KeyObject }

function token(alg: 'HS256' | 'PS256', claims: Record<string, unknown>): string {
  const input = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  const signature =
    alg === 'HS256'
      ? createHmac('sha256', secret).update(input).digest()
      : signWith('sha256', Buffer.from(input), { key: pss.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
  return `${input}.${signature.toString('base64url')}`
}

function answer(value: Record<string, any> | Failure): string {
  return value instanceof Failure ? (value.body?.description ?? String(value.status)) : 'verified'
}

/** Counts the verdicts the cache answered with: its `get` returning an entry, never its size. */
function countHits(cache: TokenCache): { count: number } {
  const hits = { count: 0 }
  const get = cache.get.bind(cache)
  cache.get = (token, now) => {
    const entry = get(token, now)
    if (entry !== undefined) hits.count++
    return entry
  }
  return hits
}

/**
 * Runs the steps (seconds after T0) through one cached verifier; each must match jsonwebtoken
 * then. An answer the cache gave is marked `(cached)`: the token is kept from its second verify.
 */
function run(key: KeyObject, jwt: string, options: VerifyOptions, seconds: number[]): string[] {
  const cache = new TokenCache(10)
  const hits = countHits(cache)
  const verify = createTokenVerifier(createStaticKey(key), options, cache)
  return seconds.map((s) => {
    jest.setSystemTime((T0 + s) * 1000)
    const before = hits.count
    const actual = answer(verify(jwt))
    const expected = reference(jwt, key, options)
    expect(actual).toBe(expected.kind === 'value' ? answer(expected.value) : 'throws')
    return hits.count > before ? `${actual} (cached)` : actual
  })
}

beforeEach(() => jest.useFakeTimers({ now: T0 * 1000 }))
afterEach(() => jest.useRealTimers())

// An issuer option that is an object: the local claims check does not read it (jsonwebtoken
// ignores it), so the claims of these tokens are jsonwebtoken's to judge, after node:crypto
// verified their signature.
const JSONWEBTOKEN_CLAIMS = { issuer: {} as never }

// What the cache keeps, as the verifier states it: a verified token until exp (moved by
// clockTolerance), `jwt expired` for good, `jwt not active` until one second before it turns, a
// refusal on other claims until exp; jsonwebtoken says not how long its refusals hold, so on that
// path none is kept.
describe.each([
  ['node:crypto path, HS256', 'HS256' as const, secret, {}, true],
  ['node:crypto path, PS256 on an RSA-PSS key', 'PS256' as const, pss.publicKey, {}, true],
  ['jsonwebtoken claims, HS256', 'HS256' as const, secret, JSONWEBTOKEN_CLAIMS, false],
  ['jsonwebtoken claims, PS256', 'PS256' as const, pss.publicKey, JSONWEBTOKEN_CLAIMS, false],
])('%s', (_name, alg, key, extra: VerifyOptions, keepsRefusals) => {
  // A refusal answered again from the cache, where refusals are kept.
  const refusedAgain = (description: string) => (keepsRefusals ? `${description} (cached)` : description)

  test('a verified token is not served from the cache at or after exp', () => {
    expect(run(key, token(alg, { exp: T0 + 10 }), extra, [0, 1, 9.999, 10, 11])).toStrictEqual([
      'verified',
      'verified',
      'verified (cached)',
      'jwt expired',
      refusedAgain('jwt expired'),
    ])
  })

  test('negative clockTolerance: jsonwebtoken expires the token before exp, and so does the cache', () => {
    expect(run(key, token(alg, { exp: T0 + 10 }), { ...extra, clockTolerance: -2 }, [0, 1, 7.5, 8, 9.5])).toStrictEqual([
      'verified',
      'verified',
      'verified (cached)',
      'jwt expired',
      refusedAgain('jwt expired'),
    ])
  })

  test('a token not yet active is verified once active: the refusal is not kept past nbf', () => {
    // Kept from 1 s until 4 s (nbf - 1): at 4.5 and 4.999 verified again, still not active.
    expect(run(key, token(alg, { nbf: T0 + 5, exp: T0 + 60 }), extra, [0, 1, 3.5, 4.5, 4.999, 5, 6])).toStrictEqual([
      'jwt not active',
      'jwt not active',
      refusedAgain('jwt not active'),
      'jwt not active',
      'jwt not active',
      'verified',
      'verified (cached)',
    ])
  })

  test('clockTolerance moves nbf earlier, and the cached refusal with it', () => {
    // Active from 3 s: the refusal is kept from 1 s until 2 s.
    expect(run(key, token(alg, { nbf: T0 + 5, exp: T0 + 60 }), { ...extra, clockTolerance: 2 }, [0, 1, 1.5, 2.9, 3, 4])).toStrictEqual([
      'jwt not active',
      'jwt not active',
      refusedAgain('jwt not active'),
      'jwt not active',
      'verified',
      'verified (cached)',
    ])
  })

  test('a refusal on claims lasts no longer than exp, where the answer becomes jwt expired', () => {
    expect(run(key, token(alg, { aud: 'other', exp: T0 + 10 }), { ...extra, audience: 'api' }, [0, 1, 9, 10])).toStrictEqual([
      'jwt audience invalid. expected: api',
      'jwt audience invalid. expected: api',
      refusedAgain('jwt audience invalid. expected: api'),
      'jwt expired',
    ])
  })
})

describe('bounds', () => {
  test('the cache never holds more than max verdicts, refusals included', () => {
    const cache = new TokenCache(5)
    const verify = createTokenVerifier(createStaticKey(secret), {}, cache)
    for (let i = 0; i < 50; i++) {
      verify(token('HS256', { sub: String(i), exp: T0 + 60 }))
      verify(`${token('HS256', { sub: String(i) })}x`)
      expect(cache.size).toBeLessThanOrEqual(5)
    }
  })

  test('a refused token longer than 2048 characters is not kept', () => {
    const cache = new TokenCache(5)
    const verify = createTokenVerifier(createStaticKey(secret), {}, cache)
    const long = token('HS256', { pad: 'x'.repeat(3000) })
    expect(answer(verify(`${long}x`))).toBe('invalid signature')
    expect(cache.size).toBe(0)
    expect(answer(verify(`${long}x`))).toBe('invalid signature')
    expect(cache.size).toBe(0)
    // A valid one that long is kept from its second sighting, as any other.
    expect(answer(verify(long))).toBe('verified')
    expect(answer(verify(long))).toBe('verified')
    expect(cache.size).toBe(1)
  })

  test('doorkeeper: a token is kept on its second sighting, so tokens seen once never displace it', () => {
    const cache = new TokenCache(4)
    const verify = createTokenVerifier(createStaticKey(secret), {}, cache)
    const set = jest.spyOn(cache, 'set')
    for (let i = 0; i < 40; i++) verify(token('HS256', { sub: String(i) }))
    expect({ size: cache.size, inserts: set.mock.calls.length }).toStrictEqual({ size: 0, inserts: 0 })
    const again = token('HS256', { sub: 'again' })
    verify(again)
    expect(cache.size).toBe(0)
    verify(again)
    expect({ size: cache.size, inserts: set.mock.calls.length }).toStrictEqual({ size: 1, inserts: 1 })
    const get = jest.spyOn(cache, 'get')
    expect(verify(again)).toStrictEqual({ sub: 'again' })
    expect(get).toHaveLastReturnedWith(expect.objectContaining({ value: { sub: 'again' } }))
  })

  test('a token that shares its signature with a cached one gets its own verdict', () => {
    const cache = new TokenCache(5)
    const hits = countHits(cache)
    const verify = createTokenVerifier(createStaticKey(secret), {}, cache)
    const genuine = token('HS256', { sub: 'alice', exp: T0 + 60 })
    const [, , signature] = genuine.split('.')
    const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${signature}`
    expect(verify(genuine)).toStrictEqual({ sub: 'alice', exp: T0 + 60 })
    const served: number[] = []
    for (let round = 0; round < 3; round++) {
      const before = hits.count
      expect(answer(verify(forged))).toBe('invalid signature')
      // The forgery is never answered from the genuine token's entry.
      expect(hits.count).toBe(before)
      expect(verify(genuine)).toStrictEqual({ sub: 'alice', exp: T0 + 60 })
      served.push(hits.count - before)
    }
    // The twins share an index: each one's verdict replaces the other's where it stands, so
    // neither is ever answered with the other's, and the genuine token verifies each time.
    expect({ served, size: cache.size }).toStrictEqual({ served: [0, 0, 0], size: 1 })
    // With no forgery in between, the genuine token's entry answers it.
    const before = hits.count
    expect(verify(genuine)).toStrictEqual({ sub: 'alice', exp: T0 + 60 })
    expect(hits.count - before).toBe(1)
  })

  test('a token hit often stays cached while others stream past', () => {
    const cache = new TokenCache(4)
    const verify = createTokenVerifier(createStaticKey(secret), {}, cache)
    const hot = token('HS256', { sub: 'hot' })
    // Kept from its second sighting (the doorkeeper).
    verify(hot)
    const first = verify(hot)
    const get = jest.spyOn(cache, 'get')
    for (let i = 0; i < 40; i++) {
      verify(token('HS256', { sub: String(i) }))
      // The cache answered (a hit, not a new verification), with a copy of its own.
      const again = verify(hot)
      expect(get).toHaveLastReturnedWith(expect.objectContaining({ value: { sub: 'hot' } }))
      expect(again).toStrictEqual(first)
      expect(again).not.toBe(first)
    }
  })
})
