import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto'

import { decode, verify } from 'jsonwebtoken'

import { resetJwtConfig } from '../../src/config/jwt-config'
import { createDemoApp } from '../../src/demo/create-demo-app'
import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from './support/login-server'
import { bearer, get, post } from './support/request'

let db: TestDatabase
let server: LoginServer | undefined

beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db.drop())
afterEach(async () => {
  await server?.close()
  server = undefined
})

// RFC 7638 written out here, not taken from the code under test.
function jwkThumbprintOf(publicPem: string): string {
  const jwk = createPublicKey(publicPem).export({ format: 'jwk' }) as Record<string, string>
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}

function pemPair(type: 'rsa' | 'ec' | 'ed25519', namedCurve?: string) {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: namedCurve! })
        : generateKeyPairSync('ed25519')
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

const RSA = pemPair('rsa')
const P256 = pemPair('ec', 'prime256v1')
const P384 = pemPair('ec', 'secp384r1')

describe.each([
  { name: 'RS256 (inferred from an RSA key)', pair: RSA, algorithm: '', expected: 'RS256' },
  { name: 'PS256 (settings.jwt.algorithm)', pair: RSA, algorithm: 'PS256', expected: 'PS256' },
  { name: 'ES256 (inferred from a P-256 key)', pair: P256, algorithm: '', expected: 'ES256' },
  { name: 'ES384 (inferred from a P-384 key)', pair: P384, algorithm: '', expected: 'ES384' },
])('key pair: $name', ({ pair, algorithm, expected }) => {
  test('signed with settings.jwt.privateKey; JWTRequired verifies it with the public key', async () => {
    useJwtEnv(db.dir, {
      SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: pair.publicPem,
      SETTINGS_JWT_PRIVATE_KEY: pair.privatePem,
      SETTINGS_JWT_ALGORITHM: algorithm,
    })
    server = await startLoginServer()
    const { token } = (await post(`${server.url}/auth/login`, { body: ANN })).body as { token: string }
    const me = await get(`${server.url}/api/me`, bearer(token))
    expect([decode(token, { complete: true })?.header, me.status, me.body]).toStrictEqual([
      { alg: expected, typ: 'JWT', kid: jwkThumbprintOf(pair.publicPem) },
      200,
      { id: 1, email: ANN.email },
    ])
    expect(verify(token, pair.publicPem)).toMatchObject({ sub: '1', email: ANN.email })
  })
})

describe('bad key configuration stops the app at startup, naming the key', () => {
  const cases: { title: string; env: Record<string, string>; message: string | RegExp }[] = [
    {
      title: 'a private key that is not the public key’s',
      env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: RSA.publicPem, SETTINGS_JWT_PRIVATE_KEY: pemPair('rsa').privatePem },
      message: 'jwt-hooks: "settings.jwt.privateKey" does not match "settings.jwt.secretOrPublicKey": the tokens it signs would be refused',
    },
    {
      title: 'an unreadable private key',
      env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: RSA.publicPem, SETTINGS_JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' },
      message: /^jwt-hooks: "settings.jwt.privateKey": not a readable PEM private key \(/,
    },
    {
      title: 'a public key and no private key',
      env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: RSA.publicPem },
      message: 'jwt-hooks: "settings.jwt.secretOrPublicKey" is a public key: set "settings.jwt.privateKey" to sign tokens',
    },
    {
      title: 'an algorithm that does not fit the key',
      env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: P256.publicPem, SETTINGS_JWT_PRIVATE_KEY: P256.privatePem, SETTINGS_JWT_ALGORITHM: 'RS256' },
      message: /^jwt-hooks: "settings.jwt.privateKey": cannot sign RS256 tokens \(/,
    },
    {
      title: 'alg none',
      env: { SETTINGS_JWT_ALGORITHM: 'none' },
      message: 'jwt-hooks: "settings.jwt.algorithm": none is not one of HS*, RS*, PS*, ES* (256, 384, 512) or EdDSA',
    },
    {
      title: 'an Ed25519 private key beside a P-256 public key (EdDSA is signed now, so the pair is checked)',
      env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: P256.publicPem, SETTINGS_JWT_PRIVATE_KEY: pemPair('ed25519').privatePem },
      message: 'jwt-hooks: "settings.jwt.privateKey" does not match "settings.jwt.secretOrPublicKey": the tokens it signs would be refused',
    },
    {
      title: 'an Ed448 key (EdDSA here is Ed25519)',
      env: (() => {
        const { privateKey } = generateKeyPairSync('ed448')
        return { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: P256.publicPem, SETTINGS_JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
      })(),
      message: 'jwt-hooks: "settings.jwt.privateKey": a ed448 key cannot sign tokens here',
    },
    {
      title: 'EdDSA asked of an RSA key',
      env: { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: RSA.publicPem, SETTINGS_JWT_PRIVATE_KEY: RSA.privatePem, SETTINGS_JWT_ALGORITHM: 'EdDSA' },
      message: 'jwt-hooks: "settings.jwt.privateKey": cannot sign EdDSA tokens (an RSA key signs RS256, RS384, RS512, PS256, PS384, PS512 only)',
    },
    {
      title: 'an RSA key of 1024 bits',
      env: (() => {
        const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
        return { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(), SETTINGS_JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
      })(),
      message: 'jwt-hooks: "settings.jwt.privateKey": cannot sign RS256 tokens (an RSA key of 1024 bits is too short (2048 at least))',
    },
  ]

  test.each(cases)('$title', async ({ env, message }) => {
    useJwtEnv(db.dir, env)
    const starting = createDemoApp()
    await expect(starting).rejects.toThrow(TypeError)
    await expect(starting).rejects.toThrow(message)
  })

  afterAll(() => resetJwtConfig())
})
