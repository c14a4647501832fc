import { createSessions, type Sessions } from '../../src/tokens/sessions'
import { MemorySessionStore } from '../../src/stores/memory/memory-session-store'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { get, post, send, type Reply } from '../login/support/request'
import { claimsOf } from './support/answers'
import { COOKIE_MOUNTS, type CookieMount } from './support/cookie-mounts'
import { openRedisBackend, type RedisBackend } from '../stores/support/redis-backend'
import { sharedRedisUrl } from '../support/services'

// Expected answers written out here, never imported from the code under test.
const JSON_TYPE = 'application/json; charset=utf-8'
const CSRF_REFUSED = { status: 403, body: { code: 'invalid_csrf_token', description: 'CSRF token missing or incorrect.' }, contentType: JSON_TYPE, cacheControl: undefined, setCookie: undefined }
const BAD_GRANT = { status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' }, contentType: JSON_TYPE, cacheControl: undefined }
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT'
const DAY = 24 * 3600
const B64URL = /^[A-Za-z0-9_-]+$/

/** One browser's cookies, as the Set-Cookie lines of its sign-in left them. */
interface Jar {
  access: string
  refresh: string
  csrf: string
}

const judged = (reply: Reply) => ({
  status: reply.status,
  body: reply.body,
  contentType: reply.headers['content-type'],
  cacheControl: reply.headers['cache-control'],
  setCookie: reply.headers['set-cookie'],
})

/**
 * The three Set-Cookie lines of a sign-in or a refresh, exactly, for the tokens they carry. The
 * refresh and CSRF cookies end with the session: 7 days after the sign-in (`signedIn`, the first
 * access token, whose iat is the sign-in's second), never moved by a refresh.
 */
function signedInCookies(names: { access: string; refresh: string }, secure: boolean, jar: Jar, signedIn: Jar = jar): string[] {
  const { exp } = claimsOf(jar.access)
  const sessionEnd = new Date((claimsOf(signedIn.access).iat + 7 * DAY) * 1000).toUTCString()
  // The prefixes make the access and refresh cookies Secure; XSRF-TOKEN has none, so it is Secure only over HTTPS.
  const flag = secure ? '; Secure' : ''
  return [
    `${names.access}=${jar.access}; Path=/; Expires=${new Date(exp * 1000).toUTCString()}; HttpOnly${flag}; SameSite=Lax`,
    `${names.refresh}=${jar.refresh}; Path=/auth; Expires=${sessionEnd}; HttpOnly${flag}; SameSite=Lax`,
    `XSRF-TOKEN=${jar.csrf}; Path=/; Expires=${sessionEnd}; SameSite=Lax`,
  ]
}

function clearedCookies(names: { access: string; refresh: string }, secure: boolean): string[] {
  const flag = secure ? '; Secure' : ''
  return [`${names.access}=; Path=/; Expires=${EPOCH}; HttpOnly${flag}; SameSite=Lax`, `${names.refresh}=; Path=/auth; Expires=${EPOCH}; HttpOnly${flag}; SameSite=Lax`, `XSRF-TOKEN=; Path=/; Expires=${EPOCH}; SameSite=Lax`]
}

function jarOf(reply: Reply, names: { access: string; refresh: string }): Jar {
  const lines = (reply.headers['set-cookie'] ?? []) as string[]
  const value = (name: string) => lines.map((line) => new RegExp(`^${name}=([^;]*);`).exec(line)?.[1]).find((found) => found !== undefined) ?? ''
  return { access: value(names.access), refresh: value(names.refresh), csrf: value('XSRF-TOKEN') }
}

let db: TestDatabase
let sessions: Sessions

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
  sessions = createSessions({ store: new MemorySessionStore() })
})
afterAll(async () => {
  sessions.close()
  await db.drop()
})

describe.each<{ prefix: string; env: Record<string, string>; names: { access: string; refresh: string }; secure: boolean }>([
  { prefix: 'settings.jwt.cookie on', env: {}, names: { access: 'auth', refresh: 'auth_refresh' }, secure: false },
  { prefix: 'the __Host- prefix (cookieName __Host-auth): Secure, Path=/, no Domain', env: { SETTINGS_JWT_COOKIE_NAME: '__Host-auth' }, names: { access: '__Host-auth', refresh: '__Secure-auth_refresh' }, secure: true },
])('cookie mode, $prefix', ({ env, names, secure }) => {
  beforeAll(() => useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true', ...env }))

  describe.each(COOKIE_MOUNTS)('$name', (kind) => {
    let server: CookieMount
    beforeAll(async () => {
      server = await kind.start(sessions, db.dir)
    })
    afterAll(() => server.close())
    const url = (path: string) => `${server.url}${path}`
    const cookieHeader = (jar: Partial<Jar>) =>
      [jar.access && `${names.access}=${jar.access}`, jar.refresh && `${names.refresh}=${jar.refresh}`, jar.csrf && `XSRF-TOKEN=${jar.csrf}`].filter(Boolean).join('; ')
    // A browser's POST: its cookies, the CSRF header when the page echoes it, and no body at all unless given.
    const browserPost = (path: string, jar: Partial<Jar>, csrfHeader: string | undefined, body?: unknown) =>
      send(url(path), {
        method: 'POST',
        headers: { cookie: cookieHeader(jar), ...(csrfHeader !== undefined && { 'x-csrf-token': csrfHeader }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        text: body === undefined ? undefined : JSON.stringify(body),
      })
    const signIn = async () => jarOf(await post(url('/auth/login'), { body: ANN }), names)
    const refreshWorks = async (jar: Jar) => (await browserPost('/auth/refresh', jar, jar.csrf)).status

    test('sign-in sets the access cookie (Path=/, ending with the token), the refresh cookie (HttpOnly, Path=/auth, ending with the session) and XSRF-TOKEN (readable, ending with the session)', async () => {
      const reply = await post(url('/auth/login'), { body: ANN })
      const jar = jarOf(reply, names)
      expect([jar.access.split('.').length, B64URL.test(jar.refresh), jar.refresh.length, B64URL.test(jar.csrf.replace('.', ''))]).toStrictEqual([3, true, 43, true])
      expect(reply.headers['set-cookie']).toStrictEqual(signedInCookies(names, secure, jar))
      if (kind.name.startsWith('foal')) {
        // The refresh token is in its HttpOnly cookie only: the page's scripts never see it.
        const { exp } = claimsOf(jar.access)
        expect(judged(reply)).toStrictEqual({
          status: 200,
          body: { accessToken: jar.access, expiresAt: new Date(exp * 1000).toISOString(), token: jar.access },
          contentType: JSON_TYPE,
          cacheControl: 'no-store',
          setCookie: signedInCookies(names, secure, jar),
        })
      }
      expect((await get(url('/api/me'), { cookie: cookieHeader(jar) })).body).toStrictEqual({ ...(kind.name.startsWith('foal') ? { id: 1, email: ANN.email } : { sub: '1' }) })
    })

    test('POST /auth/refresh by the refresh cookie, with the CSRF header and no body: the next cookies, TOKENS without refreshToken', async () => {
      const jar = await signIn()
      const reply = await browserPost('/auth/refresh', jar, jar.csrf)
      const next = jarOf(reply, names)
      const { exp, sid } = claimsOf(next.access)
      expect(judged(reply)).toStrictEqual({
        status: 200,
        body: { accessToken: next.access, expiresAt: new Date(exp * 1000).toISOString(), token: next.access },
        contentType: JSON_TYPE,
        cacheControl: 'no-store',
        setCookie: signedInCookies(names, secure, next, jar),
      })
      expect([sid, next.refresh === jar.refresh, next.csrf === jar.csrf]).toStrictEqual([claimsOf(jar.access).sid, false, false])
      expect(await refreshWorks(next)).toBe(200)
    })

    test.each<[string, (jar: Jar) => [Partial<Jar>, string | undefined]]>([
      ['no CSRF header', (jar) => [jar, undefined]],
      ['a CSRF header that is not the cookie', (jar) => [jar, `${jar.csrf}x`]],
      ['no XSRF-TOKEN cookie', (jar) => [{ refresh: jar.refresh }, jar.csrf]],
    ])('POST /auth/refresh by cookie with %s: 403 invalid_csrf_token, nothing spent', async (_title, make) => {
      const jar = await signIn()
      const [cookies, header] = make(jar)
      expect(judged(await browserPost('/auth/refresh', cookies, header))).toStrictEqual(CSRF_REFUSED)
      expect(await refreshWorks(jar)).toBe(200)
    })

    test('a forged form post (urlencoded, a guessed _csrf) with the cookies: 403, not a 400 about the body', async () => {
      const jar = await signIn()
      for (const path of ['/auth/refresh', '/auth/logout']) {
        const reply = await send(url(path), { method: 'POST', headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, text: '_csrf=a-guess' })
        expect(judged(reply)).toStrictEqual(CSRF_REFUSED)
      }
      expect(await refreshWorks(jar)).toBe(200)
    })

    test('the CSRF token of another session: refused (the token is bound to sid), and neither session spent', async () => {
      const mine = await signIn()
      const other = await signIn()
      expect(judged(await browserPost('/auth/refresh', { refresh: mine.refresh, csrf: other.csrf }, other.csrf))).toStrictEqual(CSRF_REFUSED)
      expect(judged(await browserPost('/auth/logout', { refresh: mine.refresh, csrf: other.csrf }, other.csrf))).toStrictEqual(CSRF_REFUSED)
      expect([await refreshWorks(mine), await refreshWorks(other)]).toStrictEqual([200, 200])
    })

    test('body wins over the cookie: a refreshToken in the body is the grant (no CSRF needed), answered in full and without cookies; the cookie\'s session is untouched', async () => {
      const cookieSession = await signIn()
      const bodySession = await signIn()
      const reply = await browserPost('/auth/refresh', cookieSession, undefined, { refreshToken: bodySession.refresh })
      const body = reply.body as { accessToken: string; refreshToken: string }
      expect(judged(reply)).toStrictEqual({
        status: 200,
        body: { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: new Date(claimsOf(body.accessToken).exp * 1000).toISOString(), token: body.accessToken },
        contentType: JSON_TYPE,
        cacheControl: 'no-store',
        setCookie: undefined,
      })
      expect(claimsOf(body.accessToken).sid).toBe(claimsOf(bodySession.access).sid)
      expect(await refreshWorks(cookieSession)).toBe(200)
    })

    test('a spent refresh cookie (reuse): invalid_grant, and the session is revoked, its newest refresh cookie too', async () => {
      const jar = await signIn()
      const next = jarOf(await browserPost('/auth/refresh', jar, jar.csrf), names)
      expect(judged(await browserPost('/auth/refresh', jar, jar.csrf))).toStrictEqual({ ...BAD_GRANT, setCookie: undefined })
      expect(judged(await browserPost('/auth/refresh', next, next.csrf))).toStrictEqual({ ...BAD_GRANT, setCookie: undefined })
    })

    test('POST /auth/logout by the cookies with the CSRF header: 204, every cookie cleared; the refresh cookie is no grant any more', async () => {
      const jar = await signIn()
      expect(judged(await browserPost('/auth/logout', jar, jar.csrf))).toStrictEqual({ status: 204, body: '', contentType: undefined, cacheControl: undefined, setCookie: clearedCookies(names, secure) })
      expect(judged(await browserPost('/auth/refresh', jar, jar.csrf))).toStrictEqual({ ...BAD_GRANT, setCookie: undefined })
    })

    test('POST /auth/logout by cookie without the CSRF header: 403, and the session survives', async () => {
      const jar = await signIn()
      expect(judged(await browserPost('/auth/logout', jar, undefined))).toStrictEqual(CSRF_REFUSED)
      expect(await refreshWorks(jar)).toBe(200)
    })

    test('POST /auth/logout with a refresh cookie of no session: 400 invalid_grant, and the cookies are cleared all the same', async () => {
      const jar = await signIn()
      const reply = await browserPost('/auth/logout', { ...jar, refresh: 'bm9ib2R5LWlzc3VlZC10aGlzLXJlZnJlc2gtdG9rZW4' }, jar.csrf)
      expect(judged(reply)).toStrictEqual({ ...BAD_GRANT, setCookie: clearedCookies(names, secure) })
    })

    test('POST /auth/logout by the access cookie alone (no refresh cookie): CSRF checked against its payload, then 204 and cleared', async () => {
      const jar = await signIn()
      expect(judged(await browserPost('/auth/logout', { access: jar.access, csrf: jar.csrf }, undefined))).toStrictEqual(CSRF_REFUSED)
      expect(judged(await browserPost('/auth/logout', { access: jar.access, csrf: jar.csrf }, jar.csrf))).toStrictEqual({ status: 204, body: '', contentType: undefined, cacheControl: undefined, setCookie: clearedCookies(names, secure) })
      expect(judged(await browserPost('/auth/refresh', jar, jar.csrf))).toStrictEqual({ ...BAD_GRANT, setCookie: undefined })
    })
  })
})

// A store that cannot look a refresh token up (a custom one: every store of the package has findByRefresh): the CSRF token must
// still be one this server signed, unexpired and echoed; only its session is not compared.
describe('cookie mode over a store without findByRefresh (express)', () => {
  let plain: Sessions
  let server: CookieMount
  beforeAll(async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
    const store = new MemorySessionStore()
    const withoutLookup = Object.assign(Object.create(store) as MemorySessionStore, { findByRefresh: undefined })
    plain = createSessions({ store: withoutLookup })
    server = await COOKIE_MOUNTS.find((kind) => kind.name === 'express')!.start(plain, db.dir)
  })
  afterAll(async () => {
    await server.close()
    plain.close()
  })
  const names = { access: 'auth', refresh: 'auth_refresh' }
  const refresh = (cookie: string, csrfHeader?: string) =>
    send(`${server.url}/auth/refresh`, { method: 'POST', headers: { cookie, ...(csrfHeader !== undefined && { 'x-csrf-token': csrfHeader }) } })

  test('no header, or a token this server never signed echoed in both places: 403; the right one: 200', async () => {
    const jar = jarOf(await post(`${server.url}/auth/login`, { body: ANN }), names)
    const forged = `${Buffer.from(JSON.stringify({ sub: '1', exp: 4102444800, n: 'x' })).toString('base64url')}.${'A'.repeat(43)}`
    expect(judged(await refresh(`auth_refresh=${jar.refresh}; XSRF-TOKEN=${jar.csrf}`))).toStrictEqual(CSRF_REFUSED)
    expect(judged(await refresh(`auth_refresh=${jar.refresh}; XSRF-TOKEN=${forged}`, forged))).toStrictEqual(CSRF_REFUSED)
    expect((await refresh(`auth_refresh=${jar.refresh}; XSRF-TOKEN=${jar.csrf}`, jar.csrf)).status).toBe(200)
  })
})

/** An Express cookie-mode mount on sessions in Redis, for the describe block it is called in. */
function useRedisCookieServer(): { server: () => CookieMount; backend: () => RedisBackend; sessions: () => Sessions } {
  let backend: RedisBackend
  let onRedis: Sessions
  let server: CookieMount
  beforeAll(async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
    backend = await openRedisBackend(await sharedRedisUrl())
    onRedis = createSessions({ store: backend.sessions() })
    await onRedis.ready()
    server = await COOKIE_MOUNTS.find((kind) => kind.name === 'express')!.start(onRedis, db.dir)
  })
  afterAll(async () => {
    await server?.close()
    onRedis?.close()
    await backend?.close()
  })
  return { server: () => server, backend: () => backend, sessions: () => onRedis }
}

describe('cookie mode over the Redis session store (express): the CSRF token is bound to the refresh token\'s session, as on the others', () => {
  const redis = useRedisCookieServer()
  const names = { access: 'auth', refresh: 'auth_refresh' }
  const browserPost = (path: string, refresh: string, csrf: string) =>
    send(`${redis.server().url}${path}`, { method: 'POST', headers: { cookie: `auth_refresh=${refresh}; XSRF-TOKEN=${csrf}`, 'x-csrf-token': csrf } })

  test('the CSRF token of another session of the same user: 403 on refresh and logout, neither session spent; its own: 200', async () => {
    const mine = jarOf(await post(`${redis.server().url}/auth/login`, { body: ANN }), names)
    const other = jarOf(await post(`${redis.server().url}/auth/login`, { body: ANN }), names)
    expect({
      refresh: judged(await browserPost('/auth/refresh', mine.refresh, other.csrf)),
      logout: judged(await browserPost('/auth/logout', mine.refresh, other.csrf)),
      mine: (await browserPost('/auth/refresh', mine.refresh, mine.csrf)).status,
      other: (await browserPost('/auth/refresh', other.refresh, other.csrf)).status,
    }).toStrictEqual({ refresh: CSRF_REFUSED, logout: CSRF_REFUSED, mine: 200, other: 200 })
  })
})

// The sessions lost (a Redis restarted without persistence): a logout by the access cookie alone
// still signs out, by a record of its sid until the token's exp (as by a Bearer token).
describe('cookie mode over the Redis session store (express): a logout by the access cookie of a session Redis lost still signs out', () => {
  const redis = useRedisCookieServer()
  const names = { access: 'auth', refresh: 'auth_refresh' }
  const REVOKED = { status: 401, body: { code: 'invalid_token', description: 'jwt revoked' }, contentType: JSON_TYPE, cacheControl: undefined, setCookie: undefined }

  test('every key of the prefix deleted, then POST /auth/logout with the access cookie and the CSRF header: 204 and cleared; the cookie is refused after', async () => {
    const jar = jarOf(await post(`${redis.server().url}/auth/login`, { body: ANN }), names)
    const withAccess = { cookie: `auth=${jar.access}; XSRF-TOKEN=${jar.csrf}` }
    expect((await get(`${redis.server().url}/api/me`, withAccess)).status).toBe(200)
    const keys = await redis.backend().keys()
    expect(await redis.backend().redis.del(...keys)).toBe(keys.length)
    const logout = await send(`${redis.server().url}/auth/logout`, { method: 'POST', headers: { ...withAccess, 'x-csrf-token': jar.csrf } })
    expect(judged(logout)).toStrictEqual({ status: 204, body: '', contentType: undefined, cacheControl: undefined, setCookie: clearedCookies(names, false) })
    expect(judged(await get(`${redis.server().url}/api/me`, withAccess))).toStrictEqual(REVOKED)
    const { sid, exp } = claimsOf(jar.access) as { sid: string; exp: number }
    expect((await redis.sessions().settings.store.get(sid))?.accessExpiresAt).toBe(exp * 1000)
  })
})
