import { newApiKey } from '../../src/login/api-keys/new-api-key'
import { TypeormApiKeyStore } from '../../src/stores/typeorm/typeorm-api-key-store'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post, type Reply } from '../login/support/request'
import { claimsOf, INVALID_API_KEY, judged, LOGGED_OUT, REVOKED } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

let db: TestDatabase
let server: SessionServer
let keys: TypeormApiKeyStore
let now = Date.now()

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  server = await startSessionServer(db.dir, { sessions: { mintRateLimit: 3, clock: () => now } })
  keys = new TypeormApiKeyStore(server.stores)
})
afterAll(async () => {
  await server?.close()
  await db.drop()
})

async function makeKey(name: string): Promise<string> {
  const { key, hash } = newApiKey()
  await keys.create(name, hash, Date.now())
  return key
}

const mint = (key: string | undefined, body: unknown) => post(`${server.url}/auth/tokens`, { body, headers: key === undefined ? {} : { 'x-api-key': key } })
const JSON_TYPE = 'application/json; charset=utf-8'
const unauthorized = { status: 401, body: INVALID_API_KEY, contentType: JSON_TYPE, cacheControl: undefined, wwwAuthenticate: undefined }
const invalid = (property: string, constraints: Record<string, string>) => ({
  status: 400,
  body: { code: 'invalid_request', description: 'The request body is invalid.', errors: [{ property, constraints }] },
  contentType: JSON_TYPE,
  cacheControl: undefined,
  wwwAuthenticate: undefined,
})

describe('POST /auth/tokens: server-to-server minting behind X-API-Key', () => {
  test('missing, unknown, malformed or revoked key: 401 invalid_api_key, before the body is judged', async () => {
    const key = await makeKey('revoked-one')
    await keys.revoke('revoked-one', Date.now())
    for (const given of [undefined, '', 'jwth_not-a-key', 'x'.repeat(300), key]) expect(judged(await mint(given, {}))).toStrictEqual(unauthorized)
  })

  test('a live key: TOKENS + wsToken (same session, aud ws) + expiresIn + user; the claims carry name, image, custom and caps', async () => {
    now = Date.now()
    const key = await makeKey('chat')
    const reply = await mint(key, { userId: '1', name: 'Ann', image: 'https://example.com/ann.png', custom: { team: 'blue', level: 3 }, caps: ' /pub/app/:wr ,, /pub/a.txt:r' })
    const body = reply.body as Record<string, any>
    const access = claimsOf(body.accessToken)
    expect(judged(reply)).toStrictEqual({
      status: 200,
      body: {
        accessToken: body.accessToken,
        refreshToken: body.refreshToken,
        expiresAt: new Date(access.exp * 1000).toISOString(),
        token: body.accessToken,
        wsToken: body.wsToken,
        expiresIn: 3600,
        user: { id: '1', name: 'Ann', image: 'https://example.com/ann.png' },
      },
      contentType: JSON_TYPE,
      cacheControl: 'no-store',
      wwwAuthenticate: undefined,
    })
    expect(access).toStrictEqual({
      sub: '1',
      sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      name: 'Ann',
      image: 'https://example.com/ann.png',
      custom: { team: 'blue', level: 3 },
      caps: '/pub/app/:rw,/pub/a.txt:r',
      iat: access.iat,
      exp: access.iat + 3600,
      jti: expect.any(String),
    })
    expect(claimsOf(body.wsToken)).toStrictEqual({ ...access, aud: 'ws', jti: expect.any(String) })
    expect(claimsOf(body.wsToken).jti).not.toBe(access.jti)
    // A session like any other: the app's doors accept it, it refreshes, it logs out.
    expect((await get(`${server.url}/api/me`, bearer(body.accessToken))).body).toStrictEqual({ id: 1, email: ANN.email })
    const refreshed = await post(`${server.url}/auth/refresh`, { body: { refreshToken: body.refreshToken } })
    expect(claimsOf((refreshed.body as { accessToken: string }).accessToken)).toMatchObject({ sid: access.sid, name: 'Ann', custom: { team: 'blue', level: 3 }, caps: '/pub/app/:rw,/pub/a.txt:r' })
    expect(judged(await post(`${server.url}/auth/logout`, { body: '', headers: bearer(body.accessToken) }))).toStrictEqual(LOGGED_OUT)
    const me = await get(`${server.url}/api/me`, bearer(body.wsToken))
    expect({ status: me.status, body: me.body, wwwAuthenticate: me.headers['www-authenticate'] }).toStrictEqual(REVOKED)
  })

  test('avatar is accepted for image; only userId needed, user name and image null then', async () => {
    now += 60_000
    const key = await makeKey('avatar')
    const withAvatar = (await mint(key, { userId: 'u-2', avatar: 'https://example.com/b.png' })).body as Record<string, any>
    expect([withAvatar.user, claimsOf(withAvatar.accessToken).image]).toStrictEqual([{ id: 'u-2', name: null, image: 'https://example.com/b.png' }, 'https://example.com/b.png'])
    const bare = (await mint(key, { userId: 'u-3', name: null })).body as Record<string, any>
    expect([bare.user, Object.keys(claimsOf(bare.accessToken))]).toStrictEqual([{ id: 'u-3', name: null, image: null }, ['sub', 'sid', 'iat', 'exp', 'jti']])
  })

  test.each([
    { title: 'no userId', body: {}, expected: invalid('userId', { isString: 'userId must be a string' }) },
    { title: 'a numeric userId', body: { userId: 1 }, expected: invalid('userId', { isString: 'userId must be a string' }) },
    { title: 'an empty userId', body: { userId: '' }, expected: invalid('userId', { isNotEmpty: 'userId should not be empty' }) },
    { title: 'a userId of 256 characters', body: { userId: 'u'.repeat(256) }, expected: invalid('userId', { maxLength: 'userId must be shorter than or equal to 255 characters' }) },
    { title: 'custom an array', body: { userId: '1', custom: [1] }, expected: invalid('custom', { isObject: 'custom must be a JSON object' }) },
    { title: 'custom over 4 KB', body: { userId: '1', custom: { a: 'x'.repeat(4090) } }, expected: invalid('custom', { maxSize: 'custom must be at most 4096 bytes as JSON (it is 4098)' }) },
    { title: 'custom with registered claims', body: { userId: '1', custom: { exp: 1, sid: 'x', ok: 1 } }, expected: invalid('custom', { reservedClaims: 'custom must not hold the registered claims exp, sid' }) },
    { title: 'caps malformed', body: { userId: '1', caps: '/pub/:rw,pub:r,/x:q' }, expected: invalid('caps', { isCapabilities: 'Invalid capability entries: pub:r, /x:q' }) },
    { title: 'image and avatar both', body: { userId: '1', image: 'a', avatar: 'b' }, expected: invalid('avatar', { isExclusive: 'avatar and image must not both be given' }) },
    { title: 'an unknown property', body: { userId: '1', email: 'a@b.c' }, expected: invalid('email', { whitelistValidation: 'property email should not exist' }) },
  ])('$title: 400 naming the property', async ({ body, expected }) => {
    now += 60_000
    const key = await makeKey(`body-${Math.random().toString(36).slice(2)}`)
    expect(judged(await mint(key, body))).toStrictEqual(expected)
  })

  test('rate-limited per key (mintRateLimit 3 a minute): the 4th is 429 with Retry-After; another key is not slowed; time refills it', async () => {
    now += 60_000
    const [busy, calm] = [await makeKey('busy'), await makeKey('calm')]
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await mint(busy, { userId: '1' })).status)
    const refused: Reply = await mint(busy, { userId: '1' })
    expect({ statuses, refused: judged(refused), retryAfter: refused.headers['retry-after'] }).toStrictEqual({
      statuses: [200, 200, 200],
      refused: {
        status: 429,
        body: { code: 'too_many_requests', description: 'Too many tokens minted with this API key. Try again later.' },
        contentType: JSON_TYPE,
        cacheControl: undefined,
        wwwAuthenticate: undefined,
      },
      retryAfter: '20',
    })
    expect((await mint(calm, { userId: '1' })).status).toBe(200)
    now += 20_000
    expect((await mint(busy, { userId: '1' })).status).toBe(200)
    expect((await mint(busy, { userId: '1' })).status).toBe(429)
  })
})
