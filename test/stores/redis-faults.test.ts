import type { RedisStores } from '../../src/stores/redis'
import { startRedis, type RedisServer } from '../support/services'
import { within } from '../support/services/within'
import { instances, listen, reconnected } from './support/redis-instances'
import { everyCall, outcomes } from './support/redis-traffic'
import { HOUR, T0, newHash, newSession } from './support/sessions'

const SETTLE_BOUND_MS = 10_000 // a hang, not a speed: the calls give up after commandTimeoutMs (300)
// What ioredis rejects with: offline (no queue), dropped in flight (no retry), or no answer in time.
const FAST_FAILURES = /^Error: (Stream isn't writeable and enableOfflineQueue options is false|Connection is closed\.|Reached the max retries per request limit \(which is 0\)\..*|Command timed out)$/

describe('Redis stopped mid-traffic: every call settles, rejecting with an error; after restart everything resumes', () => {
  let redis: RedisServer
  let a: RedisStores
  let b: RedisStores
  beforeAll(async () => {
    redis = await startRedis()
    ;[a, b] = instances(redis)
    await Promise.all([a.ready(), b.ready()])
  })
  afterAll(async () => {
    await Promise.all([a.close(), b.close()])
    await redis.stop()
  })

  test('in flight when it stops, and while it is down: every call of every store rejects; then a resync, and service as before', async () => {
    const b$ = listen(b)
    await b$.first
    const live = newSession()
    const hash = newHash()
    await a.sessions.create(live, hash)
    const flight = outcomes(Array.from({ length: 10 }, (_, i) => everyCall(a, i)).flat())
    let down: string[] = []
    const resync = b$.waitForResync()
    await redis.restart(async () => {
      await flight
      down = await outcomes(everyCall(a, 99))
    })
    await Promise.all([resync, reconnected(a)])
    // Restarted without persistence: the session is gone, and so its token is invalid.
    const revived = newSession()
    await a.sessions.create(revived, newHash())
    await a.sessions.revoke(revived.sid, T0)
    await b$.revocations.sid(revived.sid)
    expect({
      flight: (await flight).filter((o) => o !== 'fulfilled' && !FAST_FAILURES.test(o)),
      down: down.map((o) => FAST_FAILURES.test(o)),
      events: b$.events,
      rotated: await a.sessions.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0),
      after: await outcomes(everyCall(a, 100)),
      heard: b$.revocations.revocations.filter(({ sid }) => sid === revived.sid),
    }).toStrictEqual({
      flight: [],
      down: Array(15).fill(true),
      events: ['resync', 'lost', 'resync'],
      rotated: { outcome: 'invalid' },
      after: Array(15).fill('fulfilled'),
      heard: [{ sid: revived.sid, until: T0 + HOUR }],
    })
  })

  test('frozen (SIGSTOP): calls wait no longer than commandTimeoutMs; a rotation that timed out may still happen once Redis goes on', async () => {
    const session = newSession()
    const hash = newHash()
    await a.sessions.create(session, hash)
    process.kill(redis.pid, 'SIGSTOP')
    let frozen: string[]
    try {
      const calls = [a.sessions.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0), ...everyCall(a, 7)]
      const all = outcomes(calls)
      expect(await within(all, SETTLE_BOUND_MS)).toBe(true)
      frozen = await all
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
    // Redis ran the rotation when it went on: the client was told it timed out, and the token is spent.
    expect({
      frozen: [...new Set(frozen)],
      retry: await a.sessions.rotate(hash, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0),
    }).toStrictEqual({ frozen: ['Error: Command timed out'], retry: { outcome: 'reused', sid: session.sid } })
  })
})
