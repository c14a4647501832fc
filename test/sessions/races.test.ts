import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { startDemoProcess, type DemoProcess } from '../demo/support/demo-process'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post, type Reply } from '../login/support/request'
import { INVALID_GRANT, REVOKED } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

const PARALLEL = 50

/** Counts the answers of many refreshes by status and body. */
function tally(replies: Reply[]) {
  const ok = replies.filter((reply) => reply.status === 200)
  const refused = replies.filter((reply) => reply.status === 400 && JSON.stringify(reply.body) === JSON.stringify(INVALID_GRANT))
  return { ok: ok.length, invalidGrant: refused.length, other: replies.length - ok.length - refused.length }
}

const me = async (url: string, token: string) => {
  const reply = await get(`${url}/api/me`, bearer(token))
  return { status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] }
}

describe('races in one process: 50 parallel refreshes of one token', () => {
  let db: TestDatabase
  let server: SessionServer
  beforeAll(async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
    server = await startSessionServer(db.dir)
  })
  afterAll(async () => {
    await server.close()
    await db.drop()
  })

  test('exactly one 200, the others invalid_grant, never a 500; the session is then revoked (reuse), the winner\'s tokens too', async () => {
    const pair = (await post(`${server.url}/auth/login`, { body: ANN })).body as { accessToken: string; refreshToken: string }
    const replies = await Promise.all(Array.from({ length: PARALLEL }, () => post(`${server.url}/auth/refresh`, { body: { refreshToken: pair.refreshToken } })))
    expect(tally(replies)).toStrictEqual({ ok: 1, invalidGrant: PARALLEL - 1, other: 0 })
    const winner = replies.find((reply) => reply.status === 200)!.body as { accessToken: string; refreshToken: string }
    expect(await me(server.url, winner.accessToken)).toStrictEqual(REVOKED)
    expect(await me(server.url, pair.accessToken)).toStrictEqual(REVOKED)
    const again = await post(`${server.url}/auth/refresh`, { body: { refreshToken: winner.refreshToken } })
    expect({ status: again.status, body: again.body }).toStrictEqual({ status: 400, body: INVALID_GRANT })
  })
})

describe('races across processes: two demo servers on one SQLite file', () => {
  let cwd: string
  let demos: DemoProcess[] = []
  let urls: string[]
  let password: string

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-two-servers-'))
    writeFileSync(join(cwd, '.env'), 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=a-secret-of-at-least-thirty-two-bytes-long\n')
    const first = startDemoProcess(cwd)
    demos.push(first)
    const firstUrl = await first.url()
    password = /password: (\S+)/.exec(first.stdout())![1]
    const second = startDemoProcess(cwd)
    demos.push(second)
    urls = [firstUrl, await second.url()]
  })
  afterAll(async () => {
    await Promise.all(demos.map((demo) => demo.stop()))
    demos = []
    rmSync(cwd, { recursive: true, force: true })
  })

  test('50 refreshes of one token split between them: one 200 overall, the others invalid_grant, never a 500; both then refuse the session', async () => {
    const pair = (await post(`${urls[0]}/auth/login`, { body: { email: 'demo@example.com', password } })).body as { accessToken: string; refreshToken: string }
    expect((await me(urls[1], pair.accessToken)).status).toBe(200)
    const replies = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => post(`${urls[i % 2]}/auth/refresh`, { body: { refreshToken: pair.refreshToken } })),
    )
    expect(tally(replies)).toStrictEqual({ ok: 1, invalidGrant: PARALLEL - 1, other: 0 })
    const winner = replies.find((reply) => reply.status === 200)!.body as { accessToken: string }
    // Each server learns of the revocation by itself: at once where it happened, by its poll elsewhere.
    for (const url of urls) expect(await eventually(() => me(url, winner.accessToken), (answer) => answer.status === 401)).toStrictEqual(REVOKED)
    expect(demos.map((demo) => demo.stderr())).toStrictEqual(['', ''])
  })

  test('a logout on one server is refused on the other: asserted to happen (the latency is a bench figure)', async () => {
    const pair = (await post(`${urls[0]}/auth/login`, { body: { email: 'demo@example.com', password } })).body as { accessToken: string }
    expect((await me(urls[1], pair.accessToken)).status).toBe(200)
    expect((await post(`${urls[0]}/auth/logout`, { body: '', headers: bearer(pair.accessToken) })).status).toBe(204)
    expect(await eventually(() => me(urls[1], pair.accessToken), (answer) => answer.status === 401)).toStrictEqual(REVOKED)
  })
})

/** Asks again (every 20 ms, 10 s at most) until the answer passes `done`; answers the last one. */
async function eventually<T>(ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const answer = await ask()
    if (done(answer) || Date.now() > deadline) return answer
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
