
import * as expressDoor from '../../src/adapters/express'
import * as fastifyDoor from '../../src/adapters/fastify'
import * as httpDoor from '../../src/adapters/http'
import * as koaDoor from '../../src/adapters/koa'
import { createAuthCookieSettings } from '../../src/cookies/auth-cookie-settings'
import { createKeySignIn, type KeySignIn } from '../../src/login/key-sign-in/key-sign-in'
import { KeyIdentity } from '../../src/typeorm/key-identity.entity'
import { bearer, get, post, send } from '../login/support/request'
import { claimsOf, judged, tokensAnswer } from '../sessions/support/answers'
import { DOORS, type Mounted } from './support/auth-route-doors'
import { nodeSigner, textileSigner } from './support/signers'
import { INVALID_CHALLENGE, JSON_TYPE, useSignInStack } from './support/sign-in-stack'

// POST /auth/challenge and /auth/challenge/verify through each door's authRoutes({ keySignIn }),
// over real HTTP, with a @textile/crypto key and a node:crypto Ed25519 key. Answers written out here.

const invalid = (errors: unknown[]) => ({ status: 400, body: { code: 'invalid_request', description: 'The request body is invalid.', errors }, contentType: JSON_TYPE, cacheControl: undefined, wwwAuthenticate: undefined })

const stack = useSignInStack()

describe.each(DOORS)('$name: authRoutes(sessions, { keySignIn })', (door) => {
  let server: Mounted
  beforeAll(async () => {
    server = await door.start(stack.sessions, { keySignIn: stack.signIn })
  })
  afterAll(() => server.close())
  const ask = (body: unknown) => post(`${server.url}/auth/challenge`, { body })
  const answer = (body: unknown) => post(`${server.url}/auth/challenge/verify`, { body })

  test.each([
    ['a @textile/crypto key', textileSigner],
    ['a node:crypto Ed25519 key', nodeSigner],
  ])('%s signs the challenge: 200 TOKENS of a session of the key, which GET /api/me takes; the same answer again: 401 invalid_challenge', async (_name, makeSigner) => {
    const signer = makeSigner()
    const issued = await ask({ publicKey: signer.publicKey, caps: '/pub/app/:r' })
    const { challenge, expiresAt } = issued.body as { challenge: string; expiresAt: string }
    expect(judged(issued)).toStrictEqual({ status: 200, body: { challenge, expiresAt }, contentType: JSON_TYPE, cacheControl: 'no-store', wwwAuthenticate: undefined })
    expect(challenge.split('\n').slice(0, 4)).toStrictEqual(['example.com wants you to sign in with your Ed25519 key:', signer.z32, '', 'Capabilities: /pub/app/:r'])
    const signed = { publicKey: signer.publicKey, challenge, signature: (await signer.sign(challenge)).toString('base64url') }
    const reply = await answer(signed)
    expect(judged(reply)).toStrictEqual(tokensAnswer(reply))
    const { accessToken } = reply.body as { accessToken: string }
    expect({ sub: claimsOf(accessToken).sub, caps: claimsOf(accessToken).caps }).toStrictEqual({ sub: signer.z32, caps: '/pub/app/:r' })
    const mine = await get(`${server.url}/api/me`, bearer(accessToken))
    expect({ status: mine.status, body: mine.body }).toStrictEqual({ status: 200, body: { sub: signer.z32, caps: '/pub/app/:r' } })
    expect(judged(await answer(signed))).toStrictEqual(INVALID_CHALLENGE)
    expect(await stack.db.dataSource.getRepository(KeyIdentity).findOneBy({ publicKey: signer.z32 })).toMatchObject({ publicKey: signer.z32 })
  })

  test('a signature by another key: 401 invalid_challenge', async () => {
    const signer = nodeSigner()
    const { challenge } = (await ask({ publicKey: signer.publicKey })).body as { challenge: string }
    const signature = (await nodeSigner().sign(challenge)).toString('base64url')
    expect(judged(await answer({ publicKey: signer.publicKey, challenge, signature }))).toStrictEqual(INVALID_CHALLENGE)
  })

  test.each<[string, () => Promise<unknown>, unknown]>([
    ['a key in no known form', () => ask({ publicKey: 'hello' }).then(judged), invalid([{ property: 'publicKey', constraints: { isPublicKey: 'The public key is not in a known form: expected z-base-32 (52 characters, optionally after "pubky"), a Textile identity (multibase base32, 59 characters), base64url of the 32 key bytes (43 characters) or a PEM SPKI Ed25519 key.' } }])],
    ['a short signature, a challenge that is not a string', () => answer({ publicKey: nodeSigner().publicKey, challenge: 42, signature: 'abcd' }).then(judged), invalid([
      { property: 'challenge', constraints: { isString: 'challenge must be a string' } },
      { property: 'signature', constraints: { isSignature: 'The signature must be 64 bytes: 86 base64url characters (no padding) or 128 hex digits.' } },
    ])],
    ['an array', () => send(`${server.url}/auth/challenge/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, text: '[1]' }).then(judged), {
      status: 400, body: { code: 'invalid_request', description: 'The request body must be a JSON object.', errors: [] }, contentType: JSON_TYPE, cacheControl: undefined, wwwAuthenticate: undefined,
    }],
  ])('bad body, 400: %s', async (_name, run, expected) => {
    expect(await run()).toStrictEqual(expected)
  })
})

describe.each(DOORS)('$name: authRoutes(sessions, { keySignIn, cookies })', (door) => {
  test('verify answers as the login in cookie mode: no refreshToken in the body, the three cookies; the refresh cookie then refreshes with X-CSRF-Token', async () => {
    const cookies = createAuthCookieSettings({ csrf: { secret: 'a-csrf-secret-of-at-least-32-bytes!!' } })
    const server = await door.start(stack.sessions, { keySignIn: stack.signIn, cookies })
    try {
      const signer = nodeSigner()
      const { challenge } = (await post(`${server.url}/auth/challenge`, { body: { publicKey: signer.publicKey } })).body as { challenge: string }
      const signature = (await signer.sign(challenge)).toString('base64url')
      const reply = await post(`${server.url}/auth/challenge/verify`, { body: { publicKey: signer.publicKey, challenge, signature } })
      const { accessToken } = reply.body as { accessToken: string }
      const { exp } = claimsOf(accessToken)
      expect(judged(reply)).toStrictEqual({ status: 200, body: { accessToken, expiresAt: new Date(exp * 1000).toISOString(), token: accessToken }, contentType: JSON_TYPE, cacheControl: 'no-store', wwwAuthenticate: undefined })
      const lines = reply.headers['set-cookie'] as string[]
      const jar = Object.fromEntries(lines.map((line) => line.split(';', 1)[0].split('=') as [string, string]))
      expect(Object.keys(jar)).toStrictEqual(['auth', 'auth_refresh', 'XSRF-TOKEN'])
      expect(jar.auth).toBe(accessToken)
      const refreshed = await send(`${server.url}/auth/refresh`, { method: 'POST', headers: { cookie: `auth_refresh=${jar.auth_refresh}; XSRF-TOKEN=${jar['XSRF-TOKEN']}`, 'x-csrf-token': jar['XSRF-TOKEN'] } })
      expect([refreshed.status, claimsOf((refreshed.body as { accessToken: string }).accessToken).sub]).toStrictEqual([200, signer.z32])
    } finally {
      await server.close()
    }
  })
})

describe.each(DOORS)('$name: authRoutes(sessions) without keySignIn', (door) => {
  test('POST /auth/challenge is not served: the app answers it', async () => {
    const server = await door.start(stack.sessions, {})
    try {
      expect((await post(`${server.url}/auth/challenge`, { body: { publicKey: nodeSigner().publicKey } })).status).toBe(404)
    } finally {
      await server.close()
    }
  })
})

test('a keySignIn that is not one: TypeError at setup, on every door', () => {
  const bad = { keySignIn: {} as KeySignIn }
  const message = 'jwt-hooks: "keySignIn" must be a KeySignIn (createKeySignIn)'
  expect(() => expressDoor.authRoutes(stack.sessions, bad)).toThrow(new TypeError(message))
  expect(() => koaDoor.authRoutes(stack.sessions, bad)).toThrow(new TypeError(message))
  expect(() => fastifyDoor.authRoutes(stack.sessions, bad)).toThrow(new TypeError(message))
  expect(() => httpDoor.authRoutes(stack.sessions, bad)).toThrow(new TypeError(message))
})
