import { join } from 'node:path'

import { Database } from 'sqlite3'

import { newApiKey } from '../../src/login/api-keys/new-api-key'
import type { RotateResult, SessionStore } from '../../src/stores/session-store'
import { TypeormApiKeyStore } from '../../src/stores/typeorm/typeorm-api-key-store'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post } from '../login/support/request'
import { BAD_GRANT, claimsOf, judged, tokensAnswer, UNAVAILABLE, type Pair } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

let db: TestDatabase
let server: SessionServer | undefined
let lines: string[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
})
afterEach(async () => {
  await server?.close()
  server = undefined
})
afterAll(() => db.drop())

const log = (line: string) => void lines.push(line)
const login = async (): Promise<Pair> => {
  const answer = await post(`${server!.url}/auth/login`, { body: ANN })
  expect(answer.status).toBe(200)
  return answer.body as Pair
}
const refresh = (refreshToken: string) => post(`${server!.url}/auth/refresh`, { body: { refreshToken } })
const meStatus = async (token: string) => (await get(`${server!.url}/api/me`, bearer(token))).status

/** Every route that writes to the store, with what it sends. */
async function everyWrite(pair: Pair, apiKey: string) {
  return {
    login: judged(await post(`${server!.url}/auth/login`, { body: ANN })),
    refresh: judged(await refresh(pair.refreshToken)),
    logoutByAccess: judged(await post(`${server!.url}/auth/logout`, { body: '', headers: bearer(pair.accessToken) })),
    logoutByRefresh: judged(await post(`${server!.url}/auth/logout`, { body: { refreshToken: pair.refreshToken } })),
    mint: judged(await post(`${server!.url}/auth/tokens`, { body: { userId: '1' }, headers: { 'x-api-key': apiKey } })),
  }
}
const ALL_UNAVAILABLE = { login: UNAVAILABLE, refresh: UNAVAILABLE, logoutByAccess: UNAVAILABLE, logoutByRefresh: UNAVAILABLE, mint: UNAVAILABLE }

async function apiKeyOn(running: SessionServer): Promise<string> {
  const { key, hash } = newApiKey()
  await new TypeormApiKeyStore(running.stores).create(`k${Math.random()}`, hash, Date.now())
  return key
}

describe('store faults: 503 with an empty body, never a 500 or a hang, and nothing half done', () => {
  test('the SQLite file locked by another connection: every write 503 within the busy timeout; unlocked, the same refresh token works', async () => {
    lines = []
    server = await startSessionServer(db.dir, { dataSource: { busyTimeout: 200 }, sessions: { log } })
    const pair = await login()
    const apiKey = await apiKeyOn(server)
    const other = new Database(join(db.dir, 'db.sqlite3'))
    const exec = (sql: string) => new Promise<void>((resolve, reject) => other.exec(sql, (error) => (error ? reject(error) : resolve())))
    try {
      await exec('BEGIN EXCLUSIVE')
      expect(await everyWrite(pair, apiKey)).toStrictEqual(ALL_UNAVAILABLE)
      // The token's own session still works on reads (WAL: readers are not blocked).
      expect(await meStatus(pair.accessToken)).toBe(200)
      await exec('ROLLBACK')
    } finally {
      await new Promise((resolve) => other.close(resolve))
    }
    const after = await refresh(pair.refreshToken)
    expect(judged(after)).toStrictEqual(tokensAnswer(after))
    expect(lines).toStrictEqual([expect.stringMatching(/^jwt-hooks: the session store failed to \w[\w ]+ \(QueryFailedError: SQLITE_BUSY: database is locked\); answered 503$/)])
  })

  test('the stores\' DataSource destroyed: every write 503 (reads too: the key check), the poll failure said once; open again, nothing was spent', async () => {
    lines = []
    server = await startSessionServer(db.dir, { sessions: { log, pollInterval: 20 } })
    const pair = await login()
    const apiKey = await apiKeyOn(server)
    await server.stores.destroy()
    expect(await everyWrite(pair, apiKey)).toStrictEqual(ALL_UNAVAILABLE)
    // The known revocations stay in force, and the door needs no store: the token still works.
    expect(await meStatus(pair.accessToken)).toBe(200)
    await waitFor(() => lines.some((line) => line.startsWith('jwt-hooks: sessions: cannot read revocations')))
    await server.stores.initialize()
    await waitFor(() => lines.includes('jwt-hooks: sessions: revocations are read from the store again'))
    const after = await refresh(pair.refreshToken)
    expect(judged(after)).toStrictEqual(tokensAnswer(after))
    expect(claimsOf((after.body as Pair).accessToken).sid).toBe(claimsOf(pair.accessToken).sid)
    expect(lines.filter((line) => line.includes('cannot read revocations'))).toStrictEqual([
      expect.stringMatching(/^jwt-hooks: sessions: cannot read revocations from the store \(.+\); the 0 known stay in force, retrying every 20 ms$/),
    ])
  })

  test('a slow store (a rotation held past the timeout): 503 at the timeout; when it ends, the retry with the same token gets its result, once', async () => {
    lines = []
    let open: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (open = resolve))
    let held: Promise<RotateResult> | undefined
    const slow = (store: SessionStore): SessionStore =>
      Object.assign(Object.create(store) as SessionStore, {
        rotate: (...args: Parameters<SessionStore['rotate']>) => {
          if (held !== undefined) return store.rotate(...args)
          held = gate.then(() => store.rotate(...args))
          return held
        },
      })
    // The login's own store calls have that timeout too: long enough for a commit on a busy machine.
    server = await startSessionServer(db.dir, { wrapStore: slow, sessions: { log, timeout: 1_000 } })
    const pair = await login()
    expect(judged(await refresh(pair.refreshToken))).toStrictEqual(UNAVAILABLE)
    open()
    expect((await held!).outcome).toBe('rotated')
    // The rotation spent the token after the 503: the client's retry is handed what it made.
    const retried = await refresh(pair.refreshToken)
    expect(judged(retried)).toStrictEqual(tokensAnswer(retried))
    const next = retried.body as Pair
    expect(await meStatus(next.accessToken)).toBe(200)
    const onward = await refresh(next.refreshToken)
    expect(judged(onward)).toStrictEqual(tokensAnswer(onward))
    // Handed once: the old token again is reuse, as always.
    expect(judged(await refresh(pair.refreshToken))).toStrictEqual(BAD_GRANT)
    expect(await meStatus((onward.body as Pair).accessToken)).toBe(401)
  })

  test('a store that never answers: 503 at the timeout on every write route, no hang', async () => {
    lines = []
    const never = (store: SessionStore): SessionStore =>
      Object.assign(Object.create(store) as SessionStore, {
        create: () => new Promise<void>(() => undefined),
        rotate: () => new Promise<RotateResult>(() => undefined),
        revoke: () => new Promise<boolean>(() => undefined),
        revokeByRefresh: () => new Promise<string | undefined>(() => undefined),
      })
    server = await startSessionServer(db.dir, { wrapStore: never, sessions: { log, timeout: 100 } })
    const apiKey = await apiKeyOn(server)
    const signed = await sessionToken(server)
    expect(await everyWrite(signed, apiKey)).toStrictEqual(ALL_UNAVAILABLE)
  })
})

/** A token pair of a real session of user 1, made on the live store under the wrapper. */
async function sessionToken(running: SessionServer): Promise<Pair> {
  const { TypeormSessionStore } = await import('../../src/stores/typeorm/typeorm-session-store')
  const { createSessions } = await import('../../src/tokens/sessions')
  const direct = createSessions({ store: new TypeormSessionStore(running.stores) })
  try {
    return await direct.issueSession('1', { claims: { email: ANN.email } })
  } finally {
    direct.close()
  }
}

/** Waits for a condition the server reaches by itself (a poll), checking every 10 ms, for at most 10 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition was not reached within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
