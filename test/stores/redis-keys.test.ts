import { sharedRedisUrl } from '../support/services'
import { openRedisBackend, type RedisBackend } from './support/redis-backend'
import { DAY, HOUR, T0, newHash, newSession } from './support/sessions'

const MINUTE = 60_000
const MARGIN = 60_000

describe('Redis keys: every key has a TTL, after every operation, and it is the time its data matters plus the margin', () => {
  let backend: RedisBackend
  beforeEach(async () => (backend = await openRedisBackend(await sharedRedisUrl())))
  afterEach(() => backend.close())

  /**
   * The TTL of every key of the prefix by kind (`rt:…` for every refresh token), in whole
   * seconds rounded up: a key set a moment ago shows what it was set to. -1 would be no expiry.
   */
  async function ttls(): Promise<Record<string, number[]>> {
    const found: Record<string, number[]> = {}
    for (const key of await backend.keys()) {
      const pttl = await backend.redis.pttl(key)
      ;(found[key.slice(backend.keyPrefix.length).replace(/:.*/, ':…')] ??= []).push(pttl < 0 ? pttl : Math.ceil(pttl / 1000))
    }
    for (const list of Object.values(found)) list.sort((x, y) => x - y)
    return found
  }
  const seconds = (ms: number) => [Math.ceil(ms / 1000)]

  test('sessions: created, rotated, revoked, reused, swept; no key ever without expiry', async () => {
    const sessions = backend.sessions()
    const seen: Record<string, number[]>[] = []
    const session = newSession() // 1 h access token, 7 d session
    const [h0, h1, h2] = [newHash(), newHash(), newHash()]
    await sessions.create(session, h0)
    seen.push(await ttls())
    await sessions.rotate(h0, { nextHash: h1, accessExpiresAt: T0 + 3 * HOUR }, T0 + HOUR)
    seen.push(await ttls())
    await sessions.revoke(session.sid, T0 + 2 * HOUR)
    seen.push(await ttls())
    await sessions.rotate(h0, { nextHash: h2, accessExpiresAt: T0 + 4 * HOUR }, T0 + 2 * HOUR) // reuse: revoked already
    await sessions.revocationsSince(undefined, T0 + 2 * HOUR)
    seen.push(await ttls())
    await sessions.sweep(T0 + 3 * HOUR)
    seen.push(await ttls())
    const live = seconds(7 * DAY + MARGIN)
    const fromRotation = seconds(7 * DAY - HOUR + MARGIN)
    const revoked = seconds(HOUR + MARGIN) // until the last access token (T0 + 3 h), from T0 + 2 h
    expect(seen).toStrictEqual([
      { 'sess:…': live, 'rt:…': live, 'fam:…': live, 'sess-ends': live },
      // The spent token lives as long as it did (the session's end): its reuse is caught until then.
      { 'sess:…': fromRotation, 'rt:…': [...fromRotation, ...live], 'fam:…': fromRotation, 'sess-ends': live },
      // Revoked: nothing is needed after its last access token; the index keeps its longer TTL.
      { 'sess:…': revoked, 'rt:…': [...revoked, ...revoked], 'fam:…': revoked, 'sess-ends': live, revoked, 'revoked-meta': revoked },
      { 'sess:…': revoked, 'rt:…': [...revoked, ...revoked], 'fam:…': revoked, 'sess-ends': live, revoked, 'revoked-meta': revoked },
      // Swept: what is left is the counter, which outlives the log (and the emptied sets are gone).
      { 'revoked-meta': revoked },
    ])
  })

  test('challenges: until their expiry; attempts: until the counter may be forgotten; marks: rememberMs', async () => {
    const challenges = backend.challenges()
    const attempts = backend.attempts({ freeAttempts: 1, delayMs: MINUTE, windowMs: 15 * MINUTE, rememberMs: DAY })
    await challenges.put({ id: 'c1', publicKeyZ32: 'key-a', caps: '', text: 't', expiresAt: T0 + 5 * MINUTE }, T0)
    const put = await ttls()
    await challenges.take('c1', T0)
    const taken = await ttls()
    await attempts.take(['email:a'], T0)
    await attempts.take(['email:a'], T0 + MINUTE) // count 2: waits 2 minutes, then 15
    const counted = await ttls()
    await attempts.giveBack('email:a', T0 + MINUTE) // count 1, the latest at T0 again
    const givenBack = await ttls()
    await attempts.remember('known:a', T0)
    await attempts.recalls('known:a', T0)
    const marked = await ttls()
    await attempts.clear('email:a')
    const counter = seconds(2 * MINUTE + 15 * MINUTE + MARGIN) // from the call at T0 + 1 minute
    expect({ put, taken, counted, givenBack, marked, cleared: await ttls() }).toStrictEqual({
      put: { 'ch:…': seconds(5 * MINUTE + MARGIN), 'ch-key:…': seconds(5 * MINUTE + MARGIN), 'ch-all': seconds(5 * MINUTE + MARGIN) },
      taken: {},
      counted: { 'at:…': counter, 'at-all': counter },
      // One attempt left, at T0: forgotten 16 minutes after T0, one minute from the call at T0 + 1 minute.
      givenBack: { 'at:…': seconds(15 * MINUTE + MARGIN), 'at-all': counter },
      marked: { 'at:…': seconds(15 * MINUTE + MARGIN), 'at-all': counter, 'mark:…': seconds(DAY + MARGIN), 'mark-all': seconds(DAY + MARGIN) },
      cleared: { 'mark:…': seconds(DAY + MARGIN), 'mark-all': seconds(DAY + MARGIN) },
    })
  })
})

describe('Redis key prefix isolation: two prefixes on one Redis do not see each other', () => {
  let a: RedisBackend
  let b: RedisBackend
  beforeEach(async () => {
    a = await openRedisBackend(await sharedRedisUrl())
    b = await openRedisBackend(await sharedRedisUrl())
  })
  afterEach(async () => {
    await a.close()
    await b.close()
  })

  test('sessions, revocations, challenges, attempts and marks of one prefix are unknown under the other', async () => {
    const [sessionsA, sessionsB] = [a.sessions(), b.sessions()]
    const session = newSession()
    const [hashA, hashB] = [newHash(), newHash()]
    await sessionsA.create(session, hashA)
    await sessionsB.create(session, hashB) // the same sid: another app's
    await sessionsA.revoke(session.sid, T0)
    await a.challenges().put({ id: 'c1', publicKeyZ32: 'key-a', caps: '', text: 't', expiresAt: T0 + HOUR }, T0)
    const attemptsA = a.attempts({ freeAttempts: 1 })
    await attemptsA.take(['email:a'], T0)
    await attemptsA.remember('known:a', T0)
    const attemptsB = b.attempts({ freeAttempts: 1 })
    expect({
      rotateAsB: await sessionsB.rotate(hashA, { nextHash: newHash(), accessExpiresAt: T0 + HOUR }, T0),
      sessionB: await sessionsB.get(session.sid),
      revocationsB: (await sessionsB.revocationsSince(undefined, T0)).revoked,
      challengeB: await b.challenges().take('c1', T0),
      attemptB: await attemptsB.take(['email:a'], T0),
      markB: await attemptsB.recalls('known:a', T0),
      challengeA: (await a.challenges().take('c1', T0))?.id,
      keysOfA: (await a.keys()).every((key) => key.startsWith(a.keyPrefix)) && (await a.keys()).length > 0,
    }).toStrictEqual({
      rotateAsB: { outcome: 'invalid' },
      sessionB: session,
      revocationsB: [],
      challengeB: undefined,
      attemptB: { taken: true },
      markB: false,
      challengeA: 'c1',
      keysOfA: true,
    })
  })

  test("one prefix's subscriber hears its own revocations only", async () => {
    const [sessionsA, sessionsB] = [a.sessions(), b.sessions()]
    const listenerB = b.sessions() // another instance of B's app, on B's connection
    const [x, y] = [newSession(), newSession()]
    await sessionsA.create(x, newHash())
    await sessionsB.create(y, newHash())
    const heard: string[] = []
    const heardY = new Promise<void>((resolve) => {
      const ready = new Promise<void>((established) => listenerB.subscribe(({ sid }) => (heard.push(sid), sid === y.sid && resolve()), { onResync: established }))
      void ready.then(async () => {
        await sessionsA.revoke(x.sid, T0) // published on A's channel first: B's would hear it before y
        await sessionsB.revoke(y.sid, T0)
      })
    })
    await heardY
    expect(heard).toStrictEqual([y.sid])
  })
})
