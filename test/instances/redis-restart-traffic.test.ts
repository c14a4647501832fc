import { post, type Reply } from '../login/support/request'
import { startRedis, type RedisServer } from '../support/services'
import { judged, login, me, refusedWithin, startInstances, type DemoInstances, type Tokens } from './support/demo-instances'

// Redis (append-only, as the README recommends) stopped and started again while clients keep
// signing in, refreshing, asking /api/me and signing out over two instances: every answer is the
// right one or an empty 503, none is lost (each within a bound) or wrong, and service resumes.

const CLIENTS = 6
const MAX_REQUESTS_PER_CLIENT = 400
const ANSWER_BOUND_MS = 4_000
// Around a reconnection the other instance may hear of a sign-out by its poll (every 500 ms), not pub/sub.
const REFUSAL_BOUND_MS = 1_500
const USER = { status: 200, body: { id: 1, email: 'demo@example.com' } }
const UNAVAILABLE = { status: 503, body: '' }

async function bounded(reply: Promise<Reply>): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS)))
  return Promise.race([reply, late]).finally(() => clearTimeout(timer))
}

function isTokens(reply: Reply): boolean {
  const body = reply.body as Record<string, unknown>
  return reply.status === 200 && reply.headers['cache-control'] === 'no-store' && typeof body.accessToken === 'string' && typeof body.refreshToken === 'string' && body.token === body.accessToken
}

let redis: RedisServer
let instances: DemoInstances
beforeAll(async () => {
  redis = await startRedis({ appendOnly: true })
  instances = await startInstances(2, redis.url)
}, 60_000)
afterAll(async () => {
  await instances?.stop()
  await redis?.stop()
})

test(`${CLIENTS} clients over two instances while Redis restarts: each answer right or an empty 503, and all resumes`, async () => {
  const { urls, password } = instances
  const wrong: string[] = []
  const seen = { unavailable: 0, refreshedAfter: 0, signedOutAfter: 0 }
  let phase: 'before' | 'outage' | 'after' | 'done' = 'before'
  let requests = 0

  async function client(n: number): Promise<void> {
    const localAddress = `127.0.2.${n + 1}`
    let tokens: Tokens | undefined = await login(urls[n % 2], password, localAddress)
    try {
      await traffic(n, localAddress, tokens)
    } finally {
      // One client failing ends the run for all, and the restart's waits.
      phase = 'done'
    }
  }

  async function traffic(n: number, localAddress: string, first: Tokens): Promise<void> {
    let tokens: Tokens | undefined = first
    for (let i = 0; phase !== 'done' && i < MAX_REQUESTS_PER_CLIENT; i++, requests++) {
      const url = urls[(n + i) % 2]
      const other = urls[(n + i + 1) % 2]
      const during = phase
      if (tokens === undefined) {
        const reply = await bounded(post(`${url}/auth/login`, { body: { email: 'demo@example.com', password }, localAddress }))
        if (isTokens(reply)) tokens = reply.body as Tokens
        else if (JSON.stringify(judged(reply)) === JSON.stringify(UNAVAILABLE)) seen.unavailable++
        else wrong.push(`login: ${reply.status} ${JSON.stringify(reply.body)}`)
      } else if (i % 7 === 3) {
        const reply = await bounded(post(`${url}/auth/refresh`, { body: { refreshToken: tokens.refreshToken }, localAddress }))
        if (isTokens(reply)) {
          tokens = reply.body as Tokens
          if (during === 'after') seen.refreshedAfter++
        } else if (JSON.stringify(judged(reply)) === JSON.stringify(UNAVAILABLE)) seen.unavailable++
        else wrong.push(`refresh: ${reply.status} ${JSON.stringify(reply.body)}`)
      } else if (i % 11 === 5) {
        const reply = await bounded(post(`${url}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${tokens.accessToken}` }, localAddress }))
        if (reply.status === 204 && reply.body === '') {
          // Signed out: refused on the other instance too, and never accepted again.
          if ((await refusedWithin(other, tokens.accessToken, performance.now(), REFUSAL_BOUND_MS)) === undefined) wrong.push(`a sign-out on ${url} still accepted on ${other}`)
          if (during === 'after') seen.signedOutAfter++
          tokens = undefined
        } else if (JSON.stringify(judged(reply)) === JSON.stringify(UNAVAILABLE)) seen.unavailable++
        else wrong.push(`logout: ${reply.status} ${JSON.stringify(reply.body)}`)
      } else {
        // No Redis needed: the token is checked on what the instance knows, outage or not.
        const reply = await bounded(me(url, tokens.accessToken))
        if (JSON.stringify(judged(reply)) !== JSON.stringify(USER)) wrong.push(`/api/me (${during}): ${reply.status} ${JSON.stringify(reply.body)}`)
      }
    }
  }

  // Each client's address signs in once, one after the other: an address that signed in for the
  // email is recognised, so parallel first logins are not throttled as guesses from six addresses.
  for (let n = 0; n < CLIENTS; n++) await login(urls[0], password, `127.0.2.${n + 1}`)
  const running = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)))
  const ended = (): boolean => phase === 'done'
  const until = async (check: () => boolean): Promise<void> => {
    while (!check() && phase !== 'done') await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const restart = (async () => {
    await until(() => requests >= 60)
    await redis.restart(async () => {
      if (ended()) return
      phase = 'outage'
      const from = requests
      await until(() => requests >= from + 60)
    })
    if (ended()) return
    // Back: a login answers again before the "after" phase starts counting.
    for (let tries = 0; (await post(`${urls[0]}/auth/login`, { body: { email: 'demo@example.com', password }, localAddress: '127.0.2.100' })).status !== 200; tries++) {
      if (tries > 100) throw new Error('login never answered 200 again')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    if (ended()) return
    phase = 'after'
    const from = requests
    await until(() => requests >= from + 150)
    phase = 'done'
  })()
  await Promise.all([running, restart])

  expect(wrong).toStrictEqual([])
  // The outage was under traffic, and traffic went on after it.
  expect(seen.unavailable).toBeGreaterThan(0)
  expect(seen.refreshedAfter).toBeGreaterThan(0)
  expect(seen.signedOutAfter).toBeGreaterThan(0)
}, 120_000)
