import { Keypair } from '@synonymdev/pubky'
import { PrivateKey } from '@textile/crypto'
import { decode } from 'jsonwebtoken'

import { fetchUser } from '../../src/typeorm/fetch-user'
import { KeyIdentity } from '../../src/typeorm/key-identity.entity'
import { bearer, post, send, type Reply } from '../login/support/request'
import { START, useKeySignInServer, z32Of } from './support/key-sign-in-server'
import { pubkySigner, textileSigner, type Signer } from './support/signers'

// POST /auth/challenge and /auth/challenge/verify on the demo app over real HTTP, with the real
// clients' keys: a @synonymdev/pubky Keypair (its z32(), its secret's Ed25519 signature) and a
// @textile/crypto PrivateKey (public.toString(), sign()). Expected answers are written out here.

const INVALID_CHALLENGE = {
  status: 401,
  body: { code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' },
  cacheControl: undefined,
}

const server = useKeySignInServer()

const host = () => new URL(server.url).host
const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, cacheControl: reply.headers['cache-control'] })

async function ask(publicKey: unknown, caps?: unknown): Promise<Reply> {
  return post(`${server.url}/auth/challenge`, { body: caps === undefined ? { publicKey } : { publicKey, caps } })
}

async function answer(publicKey: unknown, challenge: unknown, signature: unknown): Promise<Reply> {
  return post(`${server.url}/auth/challenge/verify`, { body: { publicKey, challenge, signature } })
}

async function challengeOf(signer: Signer, caps?: string): Promise<string> {
  const reply = await ask(signer.publicKey, caps)
  expect(reply.status).toBe(200)
  return (reply.body as { challenge: string }).challenge
}

function expectedText(z32: string, caps: string, nonce: string, expiresAt: string): string {
  return `${host()} wants you to sign in with your Ed25519 key:\n${z32}\n\nCapabilities: ${caps}\nNonce: ${nonce}\nExpiration Time: ${expiresAt}`
}

describe.each([
  ['a @synonymdev/pubky Keypair (z32)', pubkySigner],
  ['a @textile/crypto PrivateKey (public.toString())', textileSigner],
])('challenge sign-in with %s', (_name, makeSigner) => {
  test('POST /auth/challenge names the host, the key as z-base-32, the caps, a nonce and the expiry 5 minutes on; verify answers TOKENS of a session of the key', async () => {
    const signer = makeSigner()
    const issued = await ask(signer.publicKey, ' /pub/app/:wr, ')
    const { challenge, expiresAt } = issued.body as { challenge: string; expiresAt: string }
    const nonce = challenge.split('\n')[4].slice('Nonce: '.length)
    expect(judged(issued)).toStrictEqual({
      status: 200,
      body: { challenge: expectedText(signer.z32, '/pub/app/:rw', nonce, '2030-01-01T00:05:00.000Z'), expiresAt: '2030-01-01T00:05:00.000Z' },
      cacheControl: 'no-store',
    })
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const signature = await signer.sign(challenge)
    const reply = await answer(signer.publicKey, challenge, signature.toString('base64url'))
    const body = reply.body as { accessToken: string; refreshToken: string }
    const claims = decode(body.accessToken) as Record<string, unknown>
    expect(judged(reply)).toStrictEqual({
      status: 200,
      body: { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: new Date((claims.exp as number) * 1000).toISOString(), token: body.accessToken },
      cacheControl: 'no-store',
    })
    expect({ sub: claims.sub, caps: claims.caps, sid: typeof claims.sid }).toStrictEqual({ sub: signer.z32, caps: '/pub/app/:rw', sid: 'string' })
  })

  test('a signature in hex is taken too; no caps asked for: "Capabilities: none" and no caps claim', async () => {
    const signer = makeSigner()
    const challenge = await challengeOf(signer)
    expect(challenge.split('\n')[3]).toBe('Capabilities: none')
    const reply = await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('hex'))
    expect(reply.status).toBe(200)
    const claims = decode((reply.body as { accessToken: string }).accessToken) as Record<string, unknown>
    expect([claims.sub, 'caps' in claims]).toStrictEqual([signer.z32, false])
  })
})

describe('one key, one subject: the challenge of one form of a key is answered with another form of it', () => {
  test('Textile string in, base64url of the same key out: the same sub', async () => {
    const identity = PrivateKey.fromRandom()
    const challenge = await challengeOf({ publicKey: identity.public.toString() } as Signer)
    const signature = Buffer.from(await identity.sign(new TextEncoder().encode(challenge))).toString('base64url')
    const reply = await answer(Buffer.from(identity.public.pubKey).toString('base64url'), challenge, signature)
    expect(reply.status).toBe(200)
    expect((decode((reply.body as { accessToken: string }).accessToken) as { sub: string }).sub).toBe(z32Of(identity.public.pubKey))
  })
})

describe('attacks on the challenge: each is the one 401 invalid_challenge', () => {
  test('replay: an answer that signed in once is refused the second time', async () => {
    const signer = pubkySigner()
    const challenge = await challengeOf(signer)
    const signature = (await signer.sign(challenge)).toString('base64url')
    expect((await answer(signer.publicKey, challenge, signature)).status).toBe(200)
    expect(judged(await answer(signer.publicKey, challenge, signature))).toStrictEqual(INVALID_CHALLENGE)
  })

  test('a signature by another key; and the challenge is spent by that wrong answer (single use, right or wrong)', async () => {
    const signer = pubkySigner()
    const other = pubkySigner()
    const challenge = await challengeOf(signer)
    expect(judged(await answer(signer.publicKey, challenge, (await other.sign(challenge)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
    expect(judged(await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
  })

  test("a challenge of one key answered for another (the other key's own signature of it)", async () => {
    const signer = pubkySigner()
    const other = pubkySigner()
    const challenge = await challengeOf(signer)
    expect(judged(await answer(other.publicKey, challenge, (await other.sign(challenge)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
  })

  test('a challenge the server never issued (well formed, signed by the key)', async () => {
    const signer = pubkySigner()
    const forged = expectedText(signer.z32, 'none', 'AAAAAAAAAAAAAAAAAAAAAA', '2030-01-01T00:05:00.000Z')
    expect(judged(await answer(signer.publicKey, forged, (await signer.sign(forged)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
    const junk = 'sign me'
    expect(judged(await answer(signer.publicKey, junk, (await signer.sign(junk)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
  })

  test.each([
    ['other caps', (text: string) => text.replace('Capabilities: /pub/app/:r', 'Capabilities: /:rw')],
    ['another host', (text: string) => text.replace(/^[^ ]+/, 'evil.example')],
    ['a later expiry', (text: string) => text.replace('2030-01-01T00:05:00.000Z', '2031-01-01T00:05:00.000Z')],
    ['a trailing newline', (text: string) => `${text}\n`],
  ])('a tampered challenge text (%s), signed by the key: refused, and the real one is spent', async (_why, tamper) => {
    const signer = pubkySigner()
    const challenge = await challengeOf(signer, '/pub/app/:r')
    const tampered = tamper(challenge)
    expect(tampered).not.toBe(challenge)
    expect(judged(await answer(signer.publicKey, tampered, (await signer.sign(tampered)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
    expect(judged(await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
  })

  test('an expired challenge (the clock moved past expiresAt: 5 minutes, from data)', async () => {
    const signer = pubkySigner()
    const challenge = await challengeOf(signer)
    server.now.ms = START + 5 * 60_000
    expect(judged(await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url')))).toStrictEqual(INVALID_CHALLENGE)
  })

  test('one millisecond before expiresAt it is still good', async () => {
    const signer = pubkySigner()
    const challenge = await challengeOf(signer)
    server.now.ms = START + 5 * 60_000 - 1
    expect((await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url'))).status).toBe(200)
  })

  test('20 parallel answers to one challenge: exactly one success, 19 invalid_challenge', async () => {
    const signer = pubkySigner()
    const challenge = await challengeOf(signer)
    const signature = (await signer.sign(challenge)).toString('base64url')
    const replies = await Promise.all(Array.from({ length: 20 }, () => answer(signer.publicKey, challenge, signature)))
    expect(replies.map((reply) => reply.status).sort()).toStrictEqual([200, ...Array(19).fill(401)])
    expect(replies.filter((reply) => reply.status === 401).map(judged)).toStrictEqual(Array(19).fill(INVALID_CHALLENGE))
  })
})

describe('bad input: 400 with a description that says why, never the key itself', () => {
  const invalid = (errors: unknown[]) => ({ status: 400, body: { code: 'invalid_request', description: 'The request body is invalid.', errors }, cacheControl: undefined })

  test.each([
    ['a small-order point (the identity)', Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex').toString('base64url'), 'The public key is a small-order Ed25519 point, for which anyone can make signatures.'],
    ['a non-canonical point (y = p)', Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex').toString('base64url'), 'The public key is not the canonical encoding of an Ed25519 point.'],
    ['not a known form', 'hello', 'The public key is not in a known form: expected z-base-32 (52 characters, optionally after "pubky"), a Textile identity (multibase base32, 59 characters), base64url of the 32 key bytes (43 characters) or a PEM SPKI Ed25519 key.'],
    ['a private key PEM', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB8Y\n-----END PRIVATE KEY-----\n', 'This is a private key: send the public key only.'],
  ])('POST /auth/challenge with %s', async (_why, publicKey, message) => {
    const reply = await ask(publicKey)
    expect(judged(reply)).toStrictEqual(invalid([{ property: 'publicKey', constraints: { isPublicKey: message } }]))
    expect(JSON.stringify(reply.body)).not.toContain(publicKey.slice(0, 20))
  })

  test('bad caps, a missing key, an unknown property: every failing property listed', async () => {
    const reply = await post(`${server.url}/auth/challenge`, { body: { caps: 'pub:rw', extra: 1 } })
    expect(judged(reply)).toStrictEqual(
      invalid([
        { property: 'caps', constraints: { isCapabilities: 'Invalid capability entries: pub:rw' } },
        { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' } },
        { property: 'publicKey', constraints: { isString: 'publicKey must be a string' } },
      ]),
    )
  })

  test('verify with a signature of the wrong length and a challenge that is not a string', async () => {
    const signer = pubkySigner()
    expect(judged(await answer(signer.publicKey, 42, 'abcd'))).toStrictEqual(
      invalid([
        { property: 'challenge', constraints: { isString: 'challenge must be a string' } },
        { property: 'signature', constraints: { isSignature: 'The signature must be 64 bytes: 86 base64url characters (no padding) or 128 hex digits.' } },
      ]),
    )
  })

  test('not JSON, not an object, malformed JSON: the login\'s 400s', async () => {
    const url = `${server.url}/auth/challenge`
    const form = await send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, text: 'publicKey=x' })
    expect(judged(form)).toStrictEqual({ status: 400, body: { code: 'invalid_request', description: 'The request body must be JSON (Content-Type: application/json).', errors: [] }, cacheControl: undefined })
    expect(judged(await post(url, { body: '[1]' }))).toStrictEqual({ status: 400, body: { code: 'invalid_request', description: 'The request body must be a JSON object.', errors: [] }, cacheControl: undefined })
    expect(judged(await post(url, { body: '{"publicKey":' }))).toStrictEqual({ status: 400, body: { code: 'invalid_request', description: 'The request body is not valid JSON.', errors: [] }, cacheControl: undefined })
  })

  test('more than 5 challenges waiting for one key: 429 with Retry-After (the TTL); another key is not held up', async () => {
    const signer = pubkySigner()
    for (let i = 0; i < 5; i++) expect((await ask(signer.publicKey)).status).toBe(200)
    const reply = await ask(signer.publicKey)
    expect({ ...judged(reply), retryAfter: reply.headers['retry-after'] }).toStrictEqual({
      status: 429,
      body: { code: 'too_many_requests', description: 'Too many challenges of this key are waiting: answer one, or ask again once one has expired.' },
      cacheControl: undefined,
      retryAfter: '300',
    })
    expect((await ask(pubkySigner().publicKey)).status).toBe(200)
    server.now.ms = START + 5 * 60_000
    expect((await ask(signer.publicKey)).status).toBe(200)
  })
})

describe('SQLite contention: KeyIdentity writes (the users\' DataSource) beside the stores\' transactions (their own DataSource) on one file', () => {
  test('24 sign-ins of 24 keys at once: every one 200 (no SQLITE_BUSY 503), 24 identities', async () => {
    const signers = Array.from({ length: 24 }, () => pubkySigner())
    const replies = await Promise.all(
      signers.map(async (signer) => {
        const challenge = await challengeOf(signer)
        return answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url'))
      }),
    )
    expect(replies.map((reply) => reply.status)).toStrictEqual(Array(24).fill(200))
    const stored = await server.db.dataSource.getRepository(KeyIdentity).findBy(signers.map((signer) => ({ publicKey: signer.z32 })))
    expect(stored.length).toBe(24)
  })
})

describe('identities and sign-out', () => {
  test("a key's first sign-in makes its KeyIdentity, the next one moves lastSignInAt; fetchUser(KeyIdentity) loads it by sub", async () => {
    const signer = textileSigner()
    const signInAt = async (ms: number): Promise<string> => {
      server.now.ms = ms
      const challenge = await challengeOf(signer)
      const reply = await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url'))
      return (decode((reply.body as { accessToken: string }).accessToken) as { sub: string }).sub
    }
    const sub = await signInAt(START)
    await signInAt(START + 60_000)
    const identity = await fetchUser(KeyIdentity, server.db.dataSource)(sub)
    expect(identity && { publicKey: identity.publicKey, createdAt: identity.createdAt.toISOString(), lastSignInAt: identity.lastSignInAt.toISOString() }).toStrictEqual({
      publicKey: signer.z32,
      createdAt: '2030-01-01T00:00:00.000Z',
      lastSignInAt: '2030-01-01T00:01:00.000Z',
    })
    expect(await server.db.dataSource.getRepository(KeyIdentity).countBy({ publicKey: signer.z32 })).toBe(1)
  })

  test('POST /auth/logout with the access token ends the session: its refresh token is then invalid_grant', async () => {
    const signer = pubkySigner()
    const challenge = await challengeOf(signer)
    const tokens = (await answer(signer.publicKey, challenge, (await signer.sign(challenge)).toString('base64url'))).body as { accessToken: string; refreshToken: string }
    const logout = await send(`${server.url}/auth/logout`, { method: 'POST', headers: bearer(tokens.accessToken) })
    expect(logout.status).toBe(204)
    expect(judged(await post(`${server.url}/auth/refresh`, { body: { refreshToken: tokens.refreshToken } }))).toStrictEqual({
      status: 400,
      body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' },
      cacheControl: undefined,
    })
  })
})
