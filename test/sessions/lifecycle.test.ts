import { ANN, BOB, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post, type Reply } from '../login/support/request'
import { BAD_GRANT, claimsOf, judged, LOGGED_OUT, REVOKED, tokensAnswer, type Pair } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

let db: TestDatabase
let server: SessionServer

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  server = await startSessionServer(db.dir)
})
afterAll(async () => {
  await server?.close()
  await db.drop()
})

const login = (credentials: { email: string; password: string }) => post(`${server.url}/auth/login`, { body: credentials })
const refresh = (refreshToken: string) => post(`${server.url}/auth/refresh`, { body: { refreshToken } })
const me = async (token: string) => {
  const reply = await get(`${server.url}/api/me`, bearer(token))
  return { status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] }
}
const pairOf = (reply: Reply): Pair => reply.body as Pair
const ME_ANN = { status: 200, body: { id: 1, email: ANN.email }, wwwAuthenticate: undefined }

async function restart(): Promise<void> {
  await server.close()
  server = await startSessionServer(db.dir)
}

describe('the whole lifecycle over real HTTP and a real SQLite file', () => {
  test('login → refresh → restart → refresh → reuse of the first: every token of the session refused, another session untouched', async () => {
    const first = await login(ANN)
    expect(judged(first)).toStrictEqual(tokensAnswer(first))
    const one = pairOf(first)
    expect(await me(one.accessToken)).toStrictEqual(ME_ANN)

    const second = await refresh(one.refreshToken)
    expect(judged(second)).toStrictEqual(tokensAnswer(second))
    const two = pairOf(second)
    // The same session, a new token: same sub and sid, another jti, another refresh token.
    const [c1, c2] = [claimsOf(one.accessToken), claimsOf(two.accessToken)]
    expect({ sub: c2.sub, sid: c2.sid, email: c2.email, newJti: c2.jti !== c1.jti, newRefresh: two.refreshToken !== one.refreshToken, life: c2.exp - c2.iat }).toStrictEqual({
      sub: '1',
      sid: c1.sid,
      email: ANN.email,
      newJti: true,
      newRefresh: true,
      life: 3600,
    })

    // A restart in the middle loses nothing: the session and its family are in the database.
    await restart()
    const third = await refresh(two.refreshToken)
    expect(judged(third)).toStrictEqual(tokensAnswer(third))
    const three = pairOf(third)
    expect(await me(three.accessToken)).toStrictEqual(ME_ANN)
    expect(await me(one.accessToken)).toStrictEqual(ME_ANN)

    const bob = pairOf(await login(BOB))

    // Reuse: the first refresh token, spent before the restart.
    expect(judged(await refresh(one.refreshToken))).toStrictEqual(BAD_GRANT)
    for (const token of [one.accessToken, two.accessToken, three.accessToken]) expect(await me(token)).toStrictEqual(REVOKED)
    for (const token of [one.refreshToken, two.refreshToken, three.refreshToken]) expect(judged(await refresh(token))).toStrictEqual(BAD_GRANT)

    // And it stays so after another restart (read back by ready()).
    await restart()
    expect(await me(three.accessToken)).toStrictEqual(REVOKED)
    expect(judged(await refresh(three.refreshToken))).toStrictEqual(BAD_GRANT)
    expect((await me(bob.accessToken)).status).toBe(200)
    expect(judged(await refresh(bob.refreshToken)).status).toBe(200)
  })

  test('logout by access token: 204; its access tokens row 5, its refresh token invalid_grant; the same logout again is row 5', async () => {
    const pair = pairOf(await login(ANN))
    const other = pairOf(await login(ANN))
    const logout = await post(`${server.url}/auth/logout`, { body: '', headers: { ...bearer(pair.accessToken), 'content-type': 'text/plain' } })
    expect(judged(logout)).toStrictEqual(LOGGED_OUT)
    expect(await me(pair.accessToken)).toStrictEqual(REVOKED)
    expect(judged(await refresh(pair.refreshToken))).toStrictEqual(BAD_GRANT)
    const again = await post(`${server.url}/auth/logout`, { body: '', headers: bearer(pair.accessToken) })
    expect({ status: again.status, body: again.body, wwwAuthenticate: again.headers['www-authenticate'] }).toStrictEqual(REVOKED)
    // Another sign-in of the same user is another session.
    expect(await me(other.accessToken)).toStrictEqual(ME_ANN)
  })

  test('logout by refresh token: 204; the session is over; the same logout again is invalid_grant', async () => {
    const pair = pairOf(await login(ANN))
    const rotated = pairOf(await refresh(pair.refreshToken))
    // The spent token still names the session: logging out with it ends the session.
    expect(judged(await post(`${server.url}/auth/logout`, { body: { refreshToken: pair.refreshToken } }))).toStrictEqual(LOGGED_OUT)
    expect(await me(rotated.accessToken)).toStrictEqual(REVOKED)
    expect(judged(await refresh(rotated.refreshToken))).toStrictEqual(BAD_GRANT)
    expect(judged(await post(`${server.url}/auth/logout`, { body: { refreshToken: rotated.refreshToken } }))).toStrictEqual(BAD_GRANT)
    expect(judged(await post(`${server.url}/auth/logout`, { body: { refreshToken: 'never-issued' } }))).toStrictEqual(BAD_GRANT)
  })

  test('logout with an access token of no session (signed with the key, no sid): 400, nothing revoked', async () => {
    const { sign } = await import('jsonwebtoken')
    const token = sign({ sub: '1' }, process.env.SETTINGS_JWT_SECRET_OR_PUBLIC_KEY!, { expiresIn: '1h' })
    const reply = await post(`${server.url}/auth/logout`, { body: '', headers: bearer(token) })
    expect(judged(reply)).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'The access token belongs to no session.' },
      contentType: 'application/json; charset=utf-8',
      cacheControl: undefined,
      wwwAuthenticate: undefined,
    })
    // The door judges such a token as before: not bound to a session.
    expect(await me(token)).toStrictEqual(ME_ANN)
  })
})
