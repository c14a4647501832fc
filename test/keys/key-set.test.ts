import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'

import { jwtRequired } from '../../src/adapters/express'
import { createKeySet } from '../../src/core/keys/key-set'
import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import type { JWTOptions, VerifyOptions } from '../../src/core/types'
import { BAD_ALGORITHM, BAD_SIGNATURE, invalidToken, ok } from '../support/answers'
import { send } from '../support/http'
import { ED25519, KEY_KINDS, NOW, tokenFor, type KeyKind } from '../support/keys'
import { expressDoor } from '../conformance/doors/express.door'
import type { Running } from '../conformance/routes'
import { signAs } from '../security/support/forge'

// A JWKS of one's own (`keys`): the token's kid picks the key; a token without kid is tried only
// against a set of one key; no key for the kid is 401 `no key matches the token kid`.

const [HS, RS, ES] = KEY_KINDS
const NO_KEY_FOR_KID = invalidToken('no key matches the token kid')
const CLAIMS = { sub: '1' }
const PAYLOAD = { iat: NOW - 10, exp: NOW + 3600, ...CLAIMS }

/** A kind's verification key as a JWK with a kid (and an alg, when given). */
function jwkOf(kind: KeyKind, kid: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (kind.name === 'HS256') return { kty: 'oct', k: Buffer.from(kind.verifyKey).toString('base64url'), ...(kid ? { kid } : {}), ...extra }
  return { ...createPublicKey(kind.verifyKey).export({ format: 'jwk' }), ...(kid ? { kid } : {}), ...extra }
}

const signedBy = (kind: KeyKind, kid?: string, key = kind.signingKey) => tokenFor(kind, CLAIMS, kid === undefined ? {} : { keyid: kid }, key)

async function answer(options: JWTOptions, token: string, verifyOptions?: VerifyOptions) {
  const outcome = await createAuthenticator(options, verifyOptions)({ header: () => `Bearer ${token}` })
  return { ...outcome }
}

const accepted = (payload = PAYLOAD) => ({ token: expect.any(String), payload, user: payload })
const refused = (expected: { status: number; body: unknown; wwwAuthenticate: string | null }) => ({
  status: expected.status,
  body: expected.body,
  headers: expected.wwwAuthenticate === null ? {} : { 'WWW-Authenticate': expected.wwwAuthenticate },
})

describe('key set by kid: two keys', () => {
  const keys = { keys: [jwkOf(RS, 'rsa-1'), jwkOf(ED25519, 'ed-1')] }

  test.each([
    ['the RSA key', RS, 'rsa-1'],
    ['the Ed25519 key', ED25519, 'ed-1'],
  ])('a token whose kid names %s verifies with it', async (_what, kind, kid) => {
    expect(await answer({ keys }, signedBy(kind as KeyKind, kid as string))).toStrictEqual(accepted())
  })

  test('a kid the set does not hold: no key matches the token kid', async () => {
    expect(await answer({ keys }, signedBy(RS, 'rsa-2'))).toStrictEqual(refused(NO_KEY_FOR_KID))
  })

  test('no kid at all, with two keys: no key matches, neither is tried', async () => {
    expect(await answer({ keys }, signedBy(RS))).toStrictEqual(refused(NO_KEY_FOR_KID))
  })

  test('a kid that is no string: no key matches', async () => {
    const token = signAs({ alg: 'RS256', kid: 1 }, PAYLOAD, RS.signingKey as KeyObject)
    expect(await answer({ keys }, token)).toStrictEqual(refused(NO_KEY_FOR_KID))
  })

  test("the kid of one key on a token signed by the other's: the named key decides, and refuses it", async () => {
    // An RS256 token naming the Ed25519 key: an Ed25519 key verifies EdDSA only.
    expect(await answer({ keys }, signedBy(RS, 'ed-1'))).toStrictEqual(refused(BAD_ALGORITHM))
    // Another RSA key's token naming the RSA key: its signature.
    expect(await answer({ keys }, tokenFor(RS, CLAIMS, { keyid: 'rsa-1' }, RS.otherSigningKey))).toStrictEqual(refused(BAD_SIGNATURE))
  })

  test('alg confusion by kid: HS256 signed with the RSA public key, naming the RSA key', async () => {
    const token = signAs({ alg: 'HS256', kid: 'rsa-1' }, PAYLOAD, RS.verifyKey)
    expect(await answer({ keys }, token, { algorithms: ['RS256', 'EdDSA'] })).toStrictEqual(refused(BAD_ALGORITHM))
    expect(await answer({ keys }, token)).toStrictEqual(refused(BAD_ALGORITHM))
  })

  test('a kid beyond ASCII, as UTF-8 on the wire, finds its key', async () => {
    const set = { keys: [jwkOf(ES, 'clé-été'), jwkOf(RS, 'other')] }
    expect(await answer({ keys: set }, signedBy(ES, 'clé-été'))).toStrictEqual(accepted())
  })
})

describe('key set of one key', () => {
  test('a token without kid is tried against it', async () => {
    expect(await answer({ keys: { keys: [jwkOf(ES, 'only')] } }, signedBy(ES))).toStrictEqual(accepted())
  })

  test('a token with a kid it does not hold is not', async () => {
    expect(await answer({ keys: { keys: [jwkOf(ES, 'only')] } }, signedBy(ES, 'other'))).toStrictEqual(refused(NO_KEY_FOR_KID))
  })

  test('a token with a kid, against the one key that has none: no key matches', async () => {
    expect(await answer({ keys: { keys: [jwkOf(ES, undefined)] } }, signedBy(ES, 'any'))).toStrictEqual(refused(NO_KEY_FOR_KID))
  })

  test('shared secrets by kid (kty oct): HS256', async () => {
    expect(await answer({ keys: { keys: [jwkOf(HS, 'hs-1')] } }, signedBy(HS, 'hs-1'))).toStrictEqual(accepted())
  })
})

describe('rotation: a new key is added, then the old one taken out', () => {
  const next = generateKeyPairSync('ed25519')
  const NEXT: KeyKind = { ...ED25519, signingKey: next.privateKey, verifyKey: next.publicKey.export({ type: 'spki', format: 'pem' }).toString() }

  test('both verify while both are listed; the old one is refused once it is gone', async () => {
    const before = { keys: [jwkOf(ED25519, '2025-01')] }
    const during = { keys: [jwkOf(ED25519, '2025-01'), jwkOf(NEXT, '2025-07')] }
    const after = { keys: [jwkOf(NEXT, '2025-07')] }
    const old = signedBy(ED25519, '2025-01')
    const fresh = signedBy(NEXT, '2025-07')
    expect([await answer({ keys: before }, old), await answer({ keys: before }, fresh)]).toStrictEqual([accepted(), refused(NO_KEY_FOR_KID)])
    expect([await answer({ keys: during }, old), await answer({ keys: during }, fresh)]).toStrictEqual([accepted(), accepted()])
    expect([await answer({ keys: after }, old), await answer({ keys: after }, fresh)]).toStrictEqual([refused(NO_KEY_FOR_KID), accepted()])
  })
})

describe("a JWK's alg pins the algorithm it verifies", () => {
  test('an RSA key with alg RS256 refuses a PS256 token it would otherwise verify', async () => {
    const keys = { keys: [jwkOf(RS, 'r', { alg: 'RS256' })] }
    expect(await answer({ keys }, signedBy(RS, 'r'))).toStrictEqual(accepted())
    expect(await answer({ keys }, tokenFor(RS, CLAIMS, { keyid: 'r', algorithm: 'PS256' }))).toStrictEqual(refused(BAD_ALGORITHM))
    expect(await answer({ secretOrPublicKey: RS.verifyKey }, tokenFor(RS, CLAIMS, { keyid: 'r', algorithm: 'PS256' }))).toStrictEqual(accepted())
  })
})

describe('a key set behind a door, over HTTP: the whole answer', () => {
  let server: Running
  const keys = createKeySet({ keys: [jwkOf(RS, 'rsa-1'), jwkOf(ED25519, 'ed-1')] })
  beforeAll(async () => {
    server = await expressDoor.start([{ path: '/me', mode: 'required', options: { keys } }])
  })
  afterAll(() => server.close())

  test('the kid picks the key; an unknown kid is row noKeyForKid, with its challenge', async () => {
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${signedBy(ED25519, 'ed-1')}` })).toStrictEqual(ok(PAYLOAD))
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${signedBy(ED25519, 'ed-2')}` })).toStrictEqual(NO_KEY_FOR_KID)
  })

  test('the door built from the resolver answers at once: no promise hop with the key at hand', () => {
    const door = jwtRequired({ keys })
    let called = false
    door({ headers: { authorization: `Bearer ${signedBy(RS, 'rsa-1')}` }, method: 'GET', originalUrl: '/' } as never, {} as never, () => (called = true))
    expect(called).toBe(true)
  })
})

describe('setup: a key set that cannot be used throws a TypeError naming the key', () => {
  const thrown = (options: JWTOptions, verifyOptions?: VerifyOptions) => {
    try {
      createAuthenticator(options, verifyOptions)
    } catch (error) {
      return { type: (error as Error).constructor, message: (error as Error).message }
    }
    return null
  }
  const privateJwk = { ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as object), kid: 'p' }

  test.each([
    ['not a JWKS', { keys: [jwkOf(RS, 'a')][0] } as never, 'jwt-hooks: option "keys": not a JWKS (an object with a "keys" list)'],
    ['a private key', { keys: [jwkOf(RS, 'a'), privateJwk] }, 'jwt-hooks: option "keys", key 2 (kid "p"): is a private key (it has "d"); give its public part only'],
    ['an encryption key', { keys: [jwkOf(RS, 'e', { use: 'enc' })] }, 'jwt-hooks: option "keys", key 1 (kid "e"): "use" is "enc": not a key that verifies signatures'],
    ['key_ops without verify', { keys: [jwkOf(RS, 'o', { key_ops: ['encrypt'] })] }, 'jwt-hooks: option "keys", key 1 (kid "o"): "key_ops" does not hold "verify"'],
    ['two keys with one kid', { keys: [jwkOf(RS, 'same'), jwkOf(ES, 'same')] }, 'jwt-hooks: option "keys", key 2 (kid "same"): another key of the set has the same kid'],
    ['an alg the key cannot verify', { keys: [jwkOf(ES, 'x', { alg: 'RS256' })] }, 'jwt-hooks: option "keys", key 1 (kid "x"): "alg" is RS256, which this key cannot verify'],
    ['an alg that is no JWS algorithm', { keys: [jwkOf(RS, 'x', { alg: 'RSA-OAEP' })] }, 'jwt-hooks: option "keys", key 1 (kid "x"): "alg" "RSA-OAEP" is not an algorithm jwt-hooks verifies'],
    ['an X25519 key', { keys: [{ ...(generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }) as object), kid: 'x' }] }, 'jwt-hooks: option "keys", key 1 (kid "x"): verifies no JWS algorithm (kty OKP, crv X25519)'],
  ])('%s', (_what, keys, message) => {
    expect(thrown({ keys })).toStrictEqual({ type: TypeError, message })
  })

  test('algorithms no key of the set can verify', () => {
    expect(thrown({ keys: { keys: [jwkOf(RS, 'r'), jwkOf(ES, 'e')] } }, { algorithms: ['HS256'] })).toStrictEqual({
      type: TypeError,
      message: 'jwt-hooks: option "keys", key 1 (kid "r"): an RSA key cannot verify any of HS256 (see "algorithms")',
    })
  })

  test('algorithms each key of the set can verify one of are taken', () => {
    expect(thrown({ keys: { keys: [jwkOf(RS, 'r'), jwkOf(ES, 'e')] } }, { algorithms: ['RS256', 'ES256'] })).toBeNull()
  })

  test('one of secretOrPublicKey, keys and jwksUrl', () => {
    expect(thrown({ secretOrPublicKey: HS.verifyKey, keys: { keys: [] } })).toStrictEqual({
      type: TypeError,
      message: 'jwt-hooks: give one of "secretOrPublicKey", "keys" and "jwksUrl", not "secretOrPublicKey" and "keys"',
    })
  })

  test('no key at all, for the core entry', () => {
    expect(thrown({})).toStrictEqual({ type: TypeError, message: 'jwt-hooks: no key: give "secretOrPublicKey", "keys" or "jwksUrl"' })
  })
})
