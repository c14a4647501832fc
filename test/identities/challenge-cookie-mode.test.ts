import { createServer, type Server } from 'node:http'

import { Keypair } from '@synonymdev/pubky'

import { toEndpointRequest, writeAnswer } from '../../src/adapters/node-endpoint'
import { authRoutes } from '../../src/adapters/http'
import { createAuthCookieSettings } from '../../src/cookies/auth-cookie-settings'
import { createChallengeEndpoints, type ChallengeEndpointsOptions } from '../../src/http/create-challenge-endpoints'
import { createKeySignIn } from '../../src/login/key-sign-in/key-sign-in'
import { MemorySessionStore } from '../../src/stores/memory/memory-session-store'
import { createSessions } from '../../src/tokens/sessions'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { post, send, type Reply } from '../login/support/request'
import { claimsOf } from '../sessions/support/answers'
import { close, listen } from '../support/http'
import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { signWithSeed, START, startKeySignInServer, z32Of, type KeySignInServer } from './support/key-sign-in-server'

// Cookie mode for the public-key sign-in, over real HTTP: a successful POST /auth/challenge/verify
// or POST /auth/pubky sets the login's three cookies and answers the login's body in cookie mode;
// the refresh cookie then refreshes (X-CSRF-Token), logout clears. Expected lines written out here.

const JSON_TYPE = 'application/json; charset=utf-8'
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT'
// The server's clock is START (2030-01-01): the access token lives 1 h (useJwtEnv), the session 7 days.
const ACCESS_END = new Date(START + 3600_000).toUTCString()
const SESSION_END = new Date(START + 7 * 24 * 3600_000).toUTCString()
const BAD_GRANT = { status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' }, contentType: 'application/json; charset=utf-8', cacheControl: undefined, setCookie: undefined }

interface Names {
  access: string
  refresh: string
}
const PLAIN: Names = { access: 'auth', refresh: 'auth_refresh' }
const HOST_PREFIX: Names = { access: '__Host-auth', refresh: '__Secure-auth_refresh' }

interface Jar {
  access: string
  refresh: string
  csrf: string
}

const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, contentType: reply.headers['content-type'], cacheControl: reply.headers['cache-control'], setCookie: reply.headers['set-cookie'] })

function jarOf(reply: Reply, names: Names): Jar {
  const lines = (reply.headers['set-cookie'] ?? []) as string[]
  const value = (name: string) => lines.map((line) => new RegExp(`^${name}=([^;]*);`).exec(line)?.[1]).find((found) => found !== undefined) ?? ''
  return { access: value(names.access), refresh: value(names.refresh), csrf: value('XSRF-TOKEN') }
}

/** The login's answer in cookie mode, exactly: the body without refreshToken, the three Set-Cookie lines. */
function signedInAnswer(jar: Jar, names: Names, secure: boolean) {
  const flag = secure ? '; Secure' : ''
  return {
    status: 200,
    body: { accessToken: jar.access, expiresAt: new Date(START + 3600_000).toISOString(), token: jar.access },
    contentType: JSON_TYPE,
    cacheControl: 'no-store',
    setCookie: [
      `${names.access}=${jar.access}; Path=/; Expires=${ACCESS_END}; HttpOnly${flag}; SameSite=Lax`,
      `${names.refresh}=${jar.refresh}; Path=/auth; Expires=${SESSION_END}; HttpOnly${flag}; SameSite=Lax`,
      `XSRF-TOKEN=${jar.csrf}; Path=/; Expires=${SESSION_END}; SameSite=Lax`,
    ],
  }
}

function clearedCookies(names: Names, secure: boolean): string[] {
  const flag = secure ? '; Secure' : ''
  return [`${names.access}=; Path=/; Expires=${EPOCH}; HttpOnly${flag}; SameSite=Lax`, `${names.refresh}=; Path=/auth; Expires=${EPOCH}; HttpOnly${flag}; SameSite=Lax`, `XSRF-TOKEN=; Path=/; Expires=${EPOCH}; SameSite=Lax`]
}

/** A browser's bodyless POST with its cookies and the CSRF header the page echoes. */
function browserPost(url: string, names: Names, jar: Jar): Promise<Reply> {
  const cookie = `${names.access}=${jar.access}; ${names.refresh}=${jar.refresh}; XSRF-TOKEN=${jar.csrf}`
  return send(url, { method: 'POST', headers: { cookie, 'x-csrf-token': jar.csrf } })
}

/** POST /auth/challenge, then its answer signed by a fresh Pubky key: the verify's reply. */
async function challengeSignIn(base: string): Promise<{ reply: Reply; z32: string }> {
  const keypair = Keypair.random()
  const z32 = keypair.publicKey.z32()
  const asked = await post(`${base}/auth/challenge`, { body: { publicKey: z32 } })
  const challenge = (asked.body as { challenge: string }).challenge
  const signature = signWithSeed(keypair.secret(), challenge).toString('base64url')
  return { reply: await post(`${base}/auth/challenge/verify`, { body: { publicKey: z32, challenge, signature } }), z32 }
}

/** POST /auth/pubky with a fresh key's AuthToken (its bytes, by fetch): the reply. */
async function pubkySignIn(base: string): Promise<{ reply: Reply; z32: string }> {
  const signer = newSigner()
  const bytes = buildAuthToken(signer, { timestamp: BigInt(START) * 1000n })
  const response = await fetch(`${base}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes) })
  const setCookie = response.headers.getSetCookie()
  const headers = { 'content-type': response.headers.get('content-type') ?? undefined, 'cache-control': response.headers.get('cache-control') ?? undefined, 'set-cookie': setCookie.length === 0 ? undefined : setCookie }
  return { reply: { status: response.status, body: await response.json(), headers }, z32: z32Of(signer.raw) }
}

let db: TestDatabase

beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db.drop())

describe('challenge sign-in in cookie mode (settings.jwt.cookie on, the FoalTS controller): the login\'s cookies and body', () => {
  let server: KeySignInServer
  beforeAll(async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
    server = await startKeySignInServer(db.dir, db.dataSource)
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.now.ms = START
  })

  test.each([
    ['POST /auth/challenge/verify', challengeSignIn],
    ['POST /auth/pubky', pubkySignIn],
  ])('%s sets the access, refresh (/auth) and XSRF-TOKEN cookies; the refresh cookie refreshes with X-CSRF-Token; logout clears them', async (_route, signIn) => {
    const { reply, z32 } = await signIn(server.url)
    const jar = jarOf(reply, PLAIN)
    expect(judged(reply)).toStrictEqual(signedInAnswer(jar, PLAIN, false))
    expect([claimsOf(jar.access).sub, claimsOf(jar.access).iat]).toStrictEqual([z32, START / 1000])

    const refreshed = await browserPost(`${server.url}/auth/refresh`, PLAIN, jar)
    const next = jarOf(refreshed, PLAIN)
    expect(judged(refreshed)).toStrictEqual(signedInAnswer(next, PLAIN, false))
    expect([claimsOf(next.access).sub, claimsOf(next.access).sid, next.refresh === jar.refresh]).toStrictEqual([z32, claimsOf(jar.access).sid, false])

    const loggedOut = await browserPost(`${server.url}/auth/logout`, PLAIN, next)
    expect(judged(loggedOut)).toStrictEqual({ status: 204, body: '', contentType: undefined, cacheControl: undefined, setCookie: clearedCookies(PLAIN, false) })
    // The session is over: its refresh token no longer refreshes.
    expect(judged(await post(`${server.url}/auth/refresh`, { body: { refreshToken: next.refresh } }))).toStrictEqual(BAD_GRANT)
  })
})

describe('challenge sign-in without cookie mode: TOKENS with refreshToken, no cookies (as before)', () => {
  let server: KeySignInServer
  beforeAll(async () => {
    useJwtEnv(db.dir)
    server = await startKeySignInServer(db.dir, db.dataSource)
  })
  afterAll(() => server.close())

  test.each([
    ['POST /auth/challenge/verify', challengeSignIn],
    ['POST /auth/pubky', pubkySignIn],
  ])('%s', async (_route, signIn) => {
    server.now.ms = START
    const { reply } = await signIn(server.url)
    const body = reply.body as { accessToken: string; refreshToken: string }
    expect(judged(reply)).toStrictEqual({
      status: 200,
      body: { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: new Date(START + 3600_000).toISOString(), token: body.accessToken },
      contentType: JSON_TYPE,
      cacheControl: 'no-store',
      setCookie: undefined,
    })
  })
})

describe('createChallengeEndpoints wired by hand: the cookies option, as authRoutes\'', () => {
  const servers: Server[] = []
  afterAll(async () => {
    for (const server of servers) await close(server)
  })

  /** node:http: the challenge endpoints at /auth/challenge*, authRoutes (refresh, logout) with the same cookies. */
  async function start(options: ChallengeEndpointsOptions): Promise<string> {
    const clock = () => START
    const sessions = createSessions({ store: new MemorySessionStore(), clock })
    const endpoints = createChallengeEndpoints(sessions, createKeySignIn({ trustHostHeader: true, sweepInterval: false, clock }), () => undefined, options)
    const routes: Record<string, (typeof endpoints)['verify']> = { '/auth/challenge': endpoints.challenge, '/auth/challenge/verify': endpoints.verify }
    const server = createServer(
      authRoutes(sessions, { cookies: options.cookies })((req, res) => {
        const endpoint = routes[req.url ?? '']
        if (req.method !== 'POST' || endpoint === undefined) return void res.writeHead(404).end()
        void endpoint(toEndpointRequest(req)).then((answer) => writeAnswer(res, answer))
      }),
    )
    servers.push(server)
    return listen(server)
  }

  test('cookies: createAuthCookieSettings({ cookieName: "__Host-auth" }): Secure __Host-auth and __Secure-auth_refresh, refreshed and cleared by authRoutes', async () => {
    useJwtEnv(db.dir)
    const cookies = createAuthCookieSettings({ cookieName: '__Host-auth', csrf: { secret: 'a CSRF secret of this test, long enough' } })
    const url = await start({ cookies })
    const { reply } = await challengeSignIn(url)
    const jar = jarOf(reply, HOST_PREFIX)
    expect(judged(reply)).toStrictEqual(signedInAnswer(jar, HOST_PREFIX, true))
    const refreshed = await browserPost(`${url}/auth/refresh`, HOST_PREFIX, jar)
    const next = jarOf(refreshed, HOST_PREFIX)
    expect(judged(refreshed)).toStrictEqual(signedInAnswer(next, HOST_PREFIX, true))
    expect(judged(await browserPost(`${url}/auth/logout`, HOST_PREFIX, next))).toStrictEqual({ status: 204, body: '', contentType: undefined, cacheControl: undefined, setCookie: clearedCookies(HOST_PREFIX, true) })
  })

  test('cookies: false with settings.jwt.cookie on: TOKENS, no cookies', async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
    const url = await start({ cookies: false })
    const { reply } = await challengeSignIn(url)
    const body = reply.body as { accessToken: string; refreshToken: string }
    expect([judged(reply).setCookie, Object.keys(body)]).toStrictEqual([undefined, ['accessToken', 'refreshToken', 'expiresAt', 'token']])
  })

  test('cookies left out: on with settings.jwt.cookie, the cookies settings.jwt.* describe', async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
    const url = await start({})
    const { reply } = await challengeSignIn(url)
    expect(judged(reply)).toStrictEqual(signedInAnswer(jarOf(reply, PLAIN), PLAIN, false))
  })

  test('bad cookie options: a TypeError when the endpoints are built', () => {
    const sessions = createSessions({ store: new MemorySessionStore() })
    expect(() => createChallengeEndpoints(sessions, createKeySignIn({ host: 'example.com', sweepInterval: false }), () => undefined, { cookies: { sameSite: 'sideways' as never } })).toThrow(new TypeError('jwt-hooks: "sameSite" must be "lax", "strict" or "none"'))
  })
})
