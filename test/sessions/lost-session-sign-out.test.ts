import { MemorySessionStore } from '../../src/stores/memory/memory-session-store'
import { createSessions, type Sessions } from '../../src/tokens/sessions'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post, type Reply } from '../login/support/request'
import { STORES, type Backend } from '../stores/support/store-kinds'
import { claimsOf } from './support/answers'
import { COOKIE_MOUNTS, type CookieMount } from './support/cookie-mounts'

// A sign-out by access token of a session the store does not hold (lost: a Redis restarted
// without persistence, a database restored from an older backup) still signs out, on every store:
// the sessions record the sid as revoked until the token's exp. Tokens issued by other sessions
// (same key) on another store stand for the lost ones. The mount's /api/me reads the auth cookie.

const REVOKED = { status: 401, body: { code: 'invalid_token', description: 'jwt revoked' }, wwwAuthenticate: 'error="invalid_token", error_description="jwt revoked"' }
const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] })

let db: TestDatabase
let issuer: Sessions
beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  issuer = createSessions({ store: new MemorySessionStore() })
})
afterAll(async () => {
  issuer.close()
  await db.drop()
})

describe.each(STORES)('a logout by Bearer token of a session the store lost: $name', (kind) => {
  if (kind.unavailable) return void test.skip(`skipped: ${kind.unavailable}`, () => undefined)
  let backend: Backend
  let sessions: Sessions
  let server: CookieMount
  beforeAll(async () => {
    backend = await kind.open()
    sessions = createSessions({ store: backend.sessions() })
    await sessions.ready()
    server = await COOKIE_MOUNTS.find((mount) => mount.name === 'express')!.start(sessions, db.dir)
  })
  afterAll(async () => {
    await server?.close()
    sessions?.close()
    await backend?.close()
  })

  test('204; the token refused after (row 5) and its sid recorded until its exp; a logout by an unknown refresh token still invalid_grant', async () => {
    const lost = await issuer.issueSession('1')
    const { sid, exp } = claimsOf(lost.accessToken) as { sid: string; exp: number }
    expect((await get(`${server.url}/api/me`, { cookie: `auth=${lost.accessToken}` })).status).toBe(200)
    const logout = await post(`${server.url}/auth/logout`, { body: {}, headers: bearer(lost.accessToken) })
    expect({ status: logout.status, body: logout.body }).toStrictEqual({ status: 204, body: '' })
    expect(judged(await get(`${server.url}/api/me`, { cookie: `auth=${lost.accessToken}` }))).toStrictEqual(REVOKED)
    expect(await sessions.settings.store.get(sid)).toStrictEqual({ sid, sub: '', createdAt: expect.any(Number), expiresAt: expect.any(Number), accessExpiresAt: exp * 1000, revokedAt: expect.any(Number) })
    const byRefresh = await post(`${server.url}/auth/logout`, { body: { refreshToken: lost.refreshToken } })
    expect({ status: byRefresh.status, body: byRefresh.body }).toStrictEqual({ status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' } })
    expect((await sessions.settings.store.revocationsSince(undefined, Date.now())).revoked).toStrictEqual([{ sid, until: exp * 1000 }])
  })
})
