import type { AttemptStore } from '../../src/stores/attempt-store'
import { ATTEMPT_STORES } from './support/attempt-kinds'

const T0 = 1_000_000
const TAKEN = { taken: true }
const throttled = (waitMs: number) => ({ taken: false, reason: 'throttled', waitMs })
const full = (waitMs: number) => ({ taken: false, reason: 'full', waitMs })

// The semantics of the AttemptStore TSDoc, on every implementation (the memory store's own
// details, such as how often it sweeps when full, stay in its spec).
describe.each(ATTEMPT_STORES)('AttemptStore contract: $name', (kind) => {
  let backend: Awaited<ReturnType<typeof kind.open>>
  beforeEach(async () => (backend = await kind.open()))
  afterEach(() => backend.close())
  /** Takes one after the other, each answer in order. */
  const takes = async (store: AttemptStore, calls: [string[], number][]) => {
    const answers = []
    for (const [keys, now] of calls) answers.push(await store.take(keys, now))
    return answers
  }

  test('free attempts, then a wait from the latest one that doubles with each attempt, up to maxDelayMs', async () => {
    const store = backend.attempts({ freeAttempts: 2, delayMs: 100, maxDelayMs: 300, windowMs: 1000 })
    const a = ['a']
    expect(await takes(store, [[a, T0], [a, T0 + 1], [a, T0 + 2], [a, T0 + 101], [a, T0 + 102], [a, T0 + 301], [a, T0 + 302]])).toStrictEqual([
      TAKEN, TAKEN, throttled(99), TAKEN, throttled(199), TAKEN, throttled(299), // 400, capped at 300
    ])
  })

  test('a counter is forgotten windowMs after its wait ends, and only then', async () => {
    const store = backend.attempts({ freeAttempts: 1, delayMs: 100, windowMs: 1000 })
    const a = ['a']
    expect(await takes(store, [[a, T0], [a, T0 + 100 + 999], [a, T0 + 1100], [a, T0 + 1099 + 200 + 1000], [a, T0 + 2300]])).toStrictEqual([
      TAKEN,
      TAKEN, // the wait is over, the counter still there: count 2
      throttled(199),
      TAKEN, // forgotten: counts from 1 again
      throttled(99),
    ])
  })

  test('a key that must wait blocks the whole take, and nothing is counted under the other keys', async () => {
    const store = backend.attempts({ freeAttempts: 1, delayMs: 1000 })
    // 'email' counted once, not twice: its wait is 1000, not 2000.
    expect(await takes(store, [[['ip'], T0], [['email', 'ip'], T0], [['email'], T0], [['email'], T0]])).toStrictEqual([TAKEN, throttled(1000), TAKEN, throttled(1000)])
  })

  test('giveBack uncounts the attempt taken at that time and restores the time of the one before; the last one gone, the key starts again', async () => {
    const store = backend.attempts({ freeAttempts: 2, delayMs: 1000 })
    const a = ['a']
    await takes(store, [[a, T0], [a, T0 + 10]])
    await store.giveBack('a', T0 + 10)
    const afterFirst = await takes(store, [[a, T0 + 20], [a, T0 + 30]])
    // Given back, the wait runs from T0 again: a third attempt at T0 + 40 counts.
    await store.giveBack('a', T0 + 20)
    const afterSecond = await takes(store, [[a, T0 + 40]])
    await store.giveBack('a', T0 + 40)
    await store.giveBack('a', T0)
    await store.giveBack('unknown', T0)
    const fresh = await takes(store, [[a, T0 + 50], [a, T0 + 51], [a, T0 + 52]])
    expect({ afterFirst, afterSecond, fresh }).toStrictEqual({
      afterFirst: [TAKEN, throttled(990)], // two counted, the latest at T0 + 20
      afterSecond: [TAKEN],
      fresh: [TAKEN, TAKEN, throttled(999)],
    })
  })

  test('giveBack after another attempt was counted leaves the latest time alone', async () => {
    const store = backend.attempts({ freeAttempts: 2, delayMs: 1000 })
    const a = ['a']
    await takes(store, [[a, T0], [a, T0 + 10], [a, T0 + 1010]])
    await store.giveBack('a', T0 + 10)
    expect(await store.take(a, T0 + 1011)).toStrictEqual(throttled(999))
  })

  test('clear forgets the counter', async () => {
    const store = backend.attempts({ freeAttempts: 1 })
    await store.take(['a'], T0)
    await store.clear('a')
    await store.clear('unknown')
    // Counted once since: the first wait (1 minute), not the second (2).
    expect(await takes(store, [[['a'], T0], [['a'], T0]])).toStrictEqual([TAKEN, throttled(60_000)])
  })

  test('50 parallel takes of one key: exactly the free attempts are counted', async () => {
    const store = backend.attempts({ freeAttempts: 5 })
    const answers = await Promise.all(Array.from({ length: 50 }, () => store.take(['email:victim', 'ip:203.0.113.7'], T0)))
    expect({ taken: answers.filter((a) => a.taken).length, next: await store.take(['ip:203.0.113.7'], T0) }).toStrictEqual({ taken: 5, next: throttled(60_000) })
  })

  describe('bounded: a live counter is never dropped', () => {
    test('5,000 attempts under 5,000 new keys do not push out a throttled key: once full, new keys are refused', async () => {
      const store = backend.attempts({ maxKeys: 1000 })
      for (let i = 0; i < 5; i++) await store.take(['email:victim'], T0)
      const answers = await takes(store, Array.from({ length: 5000 }, (_, i): [string[], number] => [[`email:guess${i}`, `ip:${i}`], T0 + 1]))
      expect({
        taken: answers.filter((a) => a.taken).length,
        victim: await store.take(['email:victim'], T0 + 1),
        // 2 new keys would be needed, 1 is free: refused until the first counters may expire.
        two: await store.take(['email:new', 'ip:new'], T0 + 1),
        one: await store.take(['email:new'], T0 + 1),
      }).toStrictEqual({ taken: 499, victim: throttled(59_999), two: full(15 * 60_000), one: TAKEN })
    })

    test('when full, expired counters make room, and an expired counter met on the way is forgotten at once', async () => {
      const store = backend.attempts({ maxKeys: 3, windowMs: 5000 })
      for (const key of ['a', 'b', 'c']) await store.take([key], T0)
      const refused = await store.take(['d'], T0 + 500)
      await store.take(['b'], T0 + 2000) // still live: kept, and now expires later
      expect({
        refused,
        made: await store.take(['d', 'e'], T0 + 5000), // a and c have expired
        again: await store.take(['f'], T0 + 5001),
        expiredOnTheWay: await store.take(['b'], T0 + 7000),
      }).toStrictEqual({ refused: full(4500), made: TAKEN, again: full(1999), expiredOnTheWay: TAKEN })
    })
  })

  test('marks: remembered for rememberMs; past maxRemembered the least recently remembered goes', async () => {
    const store = backend.attempts({ rememberMs: 1000, maxRemembered: 2 })
    await store.remember('x', T0)
    await store.remember('y', T0)
    const early = [await store.recalls('x', T0 + 999), await store.recalls('x', T0 + 1000), await store.recalls('unknown', T0)]
    await store.remember('x', T0 + 10)
    await store.remember('z', T0 + 10) // 'y' goes: 'x' was remembered again since
    const later = [await store.recalls('x', T0 + 20), await store.recalls('y', T0 + 20), await store.recalls('z', T0 + 20)]
    expect({ early, later }).toStrictEqual({ early: [true, false, false], later: [true, false, true] })
  })

  test('bad options throw TypeError naming the option', () => {
    const build = (options: Record<string, unknown>) => () => backend.attempts(options)
    expect(build({ freeAttempts: 0 })).toThrow(new TypeError('jwt-hooks: "freeAttempts" must be a whole number >= 1'))
    expect(build({ windowMs: -1 })).toThrow(new TypeError('jwt-hooks: "windowMs" must be a number > 0'))
    expect(build({ delayMs: Infinity })).toThrow(new TypeError('jwt-hooks: "delayMs" must be a number > 0'))
    expect(build({ maxKeys: 1 })).toThrow(new TypeError('jwt-hooks: "maxKeys" must be a whole number >= 2'))
    expect(build({ maxRemembered: 1.5 })).toThrow(new TypeError('jwt-hooks: "maxRemembered" must be a whole number >= 2'))
  })
})
