import { execFile } from 'node:child_process'
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'

import { decode } from 'jsonwebtoken'

import { expressDoor } from '../conformance/doors/express.door'
import { foalDoor } from '../conformance/doors/foal.door'
import type { Running } from '../conformance/routes'
import { invalidToken, ok } from '../support/answers'
import { send } from '../support/http'
import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post } from '../login/support/request'

// GET /.well-known/jwks.json publishes the public halves of the signing keys, so another service
// verifies this one's tokens with jwksUrl: jwt-hooks' own doors and jose's createRemoteJWKSet.

const JOSE = join(__dirname, 'support/jose-remote.mjs')
const JWKS = '/.well-known/jwks.json'
const CACHED = 'public, max-age=300'

const pemPair = (type: 'rsa' | 'ed25519') => {
  const { privateKey, publicKey } = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519')
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

// RFC 7638 and the published JWK written out here, not taken from the code under test.
function thumbprint(publicPem: string): string {
  const jwk = createPublicKey(publicPem).export({ format: 'jwk' }) as Record<string, string>
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}
const published = (publicPem: string, alg?: string) => ({
  ...(createPublicKey(publicPem).export({ format: 'jwk' }) as Record<string, string>),
  kid: thumbprint(publicPem),
  ...(alg !== undefined && { alg }),
  use: 'sig',
})

/** jose verifies the tokens with the key set at the URL, in a process of its own (never blocking this one's servers). */
function joseVerifies(jwksUrl: string, tokens: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [JOSE], { encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))))
    child.stdin!.end(JSON.stringify({ jwksUrl, tokens }))
  })
}

async function jwksOf(url: string) {
  const reply = await get(`${url}${JWKS}`)
  return { status: reply.status, cacheControl: reply.headers['cache-control'], contentType: reply.headers['content-type'], body: reply.body }
}

async function login(url: string): Promise<string> {
  const reply = await post(`${url}/auth/login`, { body: ANN })
  expect(reply.status).toBe(200)
  return (reply.body as { accessToken: string }).accessToken
}

let db: TestDatabase
let demo: LoginServer | undefined
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db.drop())
afterEach(async () => {
  await demo?.close()
  demo = undefined
  // Not one of useJwtEnv's keys: the rotation sets it, nothing after it may see it.
  delete process.env.SETTINGS_JWT_KEYS
})

describe.each([
  { name: 'EdDSA (Ed25519)', pair: pemPair('ed25519'), alg: 'EdDSA' },
  { name: 'RS256', pair: pemPair('rsa'), alg: 'RS256' },
])('a demo signing $name publishes its key', ({ pair, alg }) => {
  let doors: Running[] = []
  afterEach(async () => {
    await Promise.all(doors.map((door) => door.close()))
    doors = []
  })

  test('jwks.json: the public half with kid, alg and use, cacheable; never a private member', async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: pair.publicPem, SETTINGS_JWT_PRIVATE_KEY: pair.privatePem })
    demo = await startLoginServer()
    expect(await jwksOf(demo.url)).toStrictEqual({
      status: 200,
      cacheControl: CACHED,
      contentType: 'application/json; charset=utf-8',
      body: { keys: [published(pair.publicPem, alg)] },
    })
  })

  test("the demo's login tokens verify end to end on a JWTRequired and an Express door with jwksUrl, and with jose's createRemoteJWKSet", async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: pair.publicPem, SETTINGS_JWT_PRIVATE_KEY: pair.privatePem })
    demo = await startLoginServer()
    const jwksUrl = `${demo.url}${JWKS}`
    const token = await login(demo.url)
    const payload = decode(token) as Record<string, unknown>
    for (const door of [foalDoor, expressDoor]) {
      const running = await door.start([{ path: '/remote', mode: 'required', options: { jwksUrl } }])
      doors.push(running)
      expect(await send(`${running.url}/remote`, { authorization: `Bearer ${token}` })).toStrictEqual(ok(payload))
      const forged = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.alloc(alg === 'EdDSA' ? 64 : 256, 7).toString('base64url')}`
      expect(await send(`${running.url}/remote`, { authorization: `Bearer ${forged}` })).toStrictEqual(invalidToken('invalid signature'))
    }
    expect(await joseVerifies(jwksUrl, [token])).toStrictEqual([{ header: { alg, typ: 'JWT', kid: thumbprint(pair.publicPem) }, payload }])
  })
})

test('a demo signing with a shared secret publishes no key: { keys: [] }', async () => {
  useJwtEnv(db.dir)
  demo = await startLoginServer()
  expect(await jwksOf(demo.url)).toStrictEqual({ status: 200, cacheControl: CACHED, contentType: 'application/json; charset=utf-8', body: { keys: [] } })
})

test('a shared secret in settings.jwt.keys is never published; the public keys beside it are', async () => {
  const rsa = pemPair('rsa')
  const rsaJwk = { ...(createPublicKey(rsa.publicPem).export({ format: 'jwk' }) as object), kid: 'r1' }
  const secretJwk = { kty: 'oct', k: Buffer.from('a-test-secret-of-at-least-thirty-two-bytes!').toString('base64url'), kid: 'hs' }
  useJwtEnv(db.dir, { SETTINGS_JWT_KEYS: JSON.stringify({ keys: [secretJwk, rsaJwk] }) })
  demo = await startLoginServer()
  expect(await jwksOf(demo.url)).toStrictEqual({
    status: 200,
    cacheControl: CACHED,
    contentType: 'application/json; charset=utf-8',
    body: { keys: [{ ...rsaJwk, use: 'sig' }] },
  })
})

describe('key rotation: settings.jwt.keys keeps the previous public keys verifying while settings.jwt.privateKey signs with the new one', () => {
  const OLD = pemPair('ed25519')
  const NEW = pemPair('rsa')
  const oldJwk = { ...(createPublicKey(OLD.publicPem).export({ format: 'jwk' }) as object), kid: thumbprint(OLD.publicPem) }

  test('tokens of the old key verify until it is taken out of settings.jwt.keys; jwks.json publishes the new key and the old one', async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: OLD.publicPem, SETTINGS_JWT_PRIVATE_KEY: OLD.privatePem })
    demo = await startLoginServer()
    const oldToken = await login(demo.url)
    await demo.close()

    // Rotated: the new private key signs; the old public key stays in the set.
    useJwtEnv(db.dir, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: '', SETTINGS_JWT_PRIVATE_KEY: NEW.privatePem, SETTINGS_JWT_KEYS: JSON.stringify({ keys: [oldJwk] }) })
    demo = await startLoginServer()
    const newToken = await login(demo.url)
    expect(decode(newToken, { complete: true })?.header).toStrictEqual({ alg: 'RS256', typ: 'JWT', kid: thumbprint(NEW.publicPem) })
    const me = { status: 200, body: { id: 1, email: ANN.email } }
    const answer = async (token: string) => {
      const reply = await get(`${demo!.url}/api/me`, bearer(token))
      return { status: reply.status, body: reply.body }
    }
    expect([await answer(oldToken), await answer(newToken)]).toStrictEqual([me, me])
    expect(await jwksOf(demo.url)).toStrictEqual({
      status: 200,
      cacheControl: CACHED,
      contentType: 'application/json; charset=utf-8',
      body: { keys: [published(NEW.publicPem, 'RS256'), published(OLD.publicPem)] },
    })
    expect(await joseVerifies(`${demo.url}${JWKS}`, [oldToken, newToken])).toStrictEqual([
      { header: { alg: 'EdDSA', typ: 'JWT', kid: thumbprint(OLD.publicPem) }, payload: decode(oldToken) },
      { header: { alg: 'RS256', typ: 'JWT', kid: thumbprint(NEW.publicPem) }, payload: decode(newToken) },
    ])
    await demo.close()

    // The old key taken out: its tokens are refused, the new ones still verify.
    useJwtEnv(db.dir, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: '', SETTINGS_JWT_PRIVATE_KEY: NEW.privatePem, SETTINGS_JWT_KEYS: JSON.stringify({ keys: [] }) })
    demo = await startLoginServer()
    expect(await answer(oldToken)).toStrictEqual({ status: 401, body: { code: 'invalid_token', description: 'no key matches the token kid' } })
    expect(await answer(newToken)).toStrictEqual(me)
    expect((await jwksOf(demo.url)).body).toStrictEqual({ keys: [published(NEW.publicPem, 'RS256')] })
  })
})
