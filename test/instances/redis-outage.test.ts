import { runCli } from '../cli/support/run-cli'
import { post, type Reply } from '../login/support/request'
import { startRedis, type RedisServer } from '../support/services'
import { judged, login, me, refusedWithin, startInstances, type DemoInstances, type Tokens } from './support/demo-instances'

// Two demo instances on one PostgreSQL database and a Redis of this test's own, which it stops
// and starts again empty (no persistence): the routes that need Redis fail closed with an empty
// 503 in bounded time, token checks go on with the revocations known, and everything resumes.

const ANSWER_BOUND_MS = 4_000
const USER = { status: 200, body: { id: 1, email: 'demo@example.com' } }
const REVOKED = { status: 401, body: { code: 'invalid_token', description: 'jwt revoked' } }
const UNAVAILABLE = { status: 503, body: '' }
const INVALID_GRANT = { status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' } }
const WATCH_FAILING = /jwt-hooks: sessions: cannot read revocations from the store \(.*\); the \d+ known stay in force, retrying every 500 ms\n/g
const RELOADING = /jwt-hooks: sessions: the store is back; reloading every revocation \(the \d+ known stay in force\)\n/g
const REDIS_LOST = /jwt-hooks: Redis is unreachable \(.*\); sign-in, refresh, logout and minting answer 503 until it is back\n/g

/** The answer, or a failure if it takes longer than the bound: a hang is a defect, not a slow answer. */
async function bounded(reply: Promise<Reply>): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS)))
  return Promise.race([reply, late]).finally(() => clearTimeout(timer))
}

/** Waits, at most `ms`, until `check` holds. */
async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0
}

let redis: RedisServer
let instances: DemoInstances
let apiKey: string
beforeAll(async () => {
  redis = await startRedis()
  instances = await startInstances(2, redis.url)
  const created = await runCli(['create-api-key', 'chat'], { cwd: instances.folder.cwd })
  apiKey = created.stdout.trim()
}, 60_000)
afterAll(async () => {
  await instances?.stop()
  await redis?.stop()
})

describe('Redis stopped, then started again empty, under two instances', () => {
  test('503 with an empty body for login, refresh, logout and minting while it is down; /api/me on what is known; resync and resume after', async () => {
    const [a, b] = instances.urls
    const signedOut = await login(a, instances.password)
    const kept = await login(b, instances.password)
    expect((await post(`${a}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${signedOut.accessToken}` } })).status).toBe(204)
    expect(await refusedWithin(b, signedOut.accessToken, performance.now(), 100)).toEqual(expect.any(Number))

    await redis.restart(async () => {
      for (const url of [a, b]) {
        expect(judged(await bounded(post(`${url}/auth/login`, { body: { email: 'demo@example.com', password: instances.password } })))).toStrictEqual(UNAVAILABLE)
        expect(judged(await bounded(post(`${url}/auth/refresh`, { body: { refreshToken: kept.refreshToken } })))).toStrictEqual(UNAVAILABLE)
        // Both instances reach the same Redis, so a sign-out during the outage is refused on each: the client must retry.
        expect(judged(await bounded(post(`${url}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${kept.accessToken}` } })))).toStrictEqual(UNAVAILABLE)
        expect(judged(await bounded(post(`${url}/auth/tokens`, { body: { userId: 'svc-1' }, headers: { 'x-api-key': apiKey } })))).toStrictEqual(UNAVAILABLE)
        expect(judged(await bounded(me(url, kept.accessToken)))).toStrictEqual(USER)
        expect(judged(await bounded(me(url, signedOut.accessToken)))).toStrictEqual(REVOKED)
      }
      // Each process says once that it checks tokens on the revocations it knows.
      await eventually(() => instances.demos.every((demo) => count(demo.stderr(), WATCH_FAILING) === 1), 5_000, 'each instance logs the failing revocation reads')
    })

    // Back, and empty: each instance reloads the revocations and says so; what it knew stays.
    await eventually(() => instances.demos.every((demo) => count(demo.stderr(), RELOADING) === 1), 10_000, 'each instance logs the reload')
    await eventually(async () => (await post(`${a}/auth/login`, { body: { email: 'demo@example.com', password: instances.password } })).status === 200, 10_000, 'login answers 200 again')
    for (const url of [a, b]) {
      expect(judged(await me(url, signedOut.accessToken))).toStrictEqual(REVOKED)
      expect(judged(await me(url, kept.accessToken))).toStrictEqual(USER)
    }
    // Redis lost the sessions: their refresh tokens are no longer known.
    expect(judged(await post(`${b}/auth/refresh`, { body: { refreshToken: kept.refreshToken } }))).toStrictEqual(INVALID_GRANT)

    // New sessions work on both, and a sign-out fans out again.
    const fresh: Tokens = await login(b, instances.password)
    const rotated = await post(`${a}/auth/refresh`, { body: { refreshToken: fresh.refreshToken } })
    expect(rotated.status).toBe(200)
    const next = rotated.body as Tokens
    expect((await post(`${b}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${next.accessToken}` } })).status).toBe(204)
    expect(await refusedWithin(a, next.accessToken, performance.now(), 100)).toEqual(expect.any(Number))
    const minted = await post(`${b}/auth/tokens`, { body: { userId: 'svc-1' }, headers: { 'x-api-key': apiKey } })
    expect(minted.status).toBe(200)

    for (const demo of instances.demos) {
      const { stdout, stderr } = { stdout: demo.stdout(), stderr: demo.stderr() }
      expect({ lost: count(stderr, REDIS_LOST), failing: count(stderr, WATCH_FAILING), reloading: count(stderr, RELOADING) }).toStrictEqual({ lost: 1, failing: 1, reloading: 1 })
      // Nothing logs a token or the API key (the demo user's password is printed once, on purpose, at its creation).
      const secrets = [signedOut.accessToken, kept.accessToken, kept.refreshToken, next.accessToken, apiKey]
      expect(secrets.filter((secret) => stdout.includes(secret) || stderr.includes(secret))).toStrictEqual([])
      expect(stderr.includes(instances.password)).toBe(false)
    }
  }, 90_000)
})
