import { MemoryAttemptStore } from './memory-attempt-store'

const T0 = 1_000_000
const TAKEN = { taken: true }
const throttled = (waitMs: number) => ({ taken: false, reason: 'throttled', waitMs })
const full = (waitMs: number) => ({ taken: false, reason: 'full', waitMs })

describe('MemoryAttemptStore', () => {
  test('free attempts, then a wait from the latest one that doubles with each attempt, up to maxDelayMs', () => {
    const store = new MemoryAttemptStore({ freeAttempts: 2, delayMs: 100, maxDelayMs: 300, windowMs: 1000 })
    expect([store.take(['a'], T0), store.take(['a'], T0 + 1)]).toStrictEqual([TAKEN, TAKEN])
    expect(store.take(['a'], T0 + 2)).toStrictEqual(throttled(99))
    expect(store.take(['a'], T0 + 101)).toStrictEqual(TAKEN)
    expect(store.take(['a'], T0 + 102)).toStrictEqual(throttled(199))
    expect(store.take(['a'], T0 + 301)).toStrictEqual(TAKEN)
    expect(store.take(['a'], T0 + 302)).toStrictEqual(throttled(299)) // 400, capped at 300
  })

  test('a counter is forgotten windowMs after its wait ends, and only then', () => {
    const store = new MemoryAttemptStore({ freeAttempts: 1, delayMs: 100, windowMs: 1000 })
    store.take(['a'], T0)
    expect(store.take(['a'], T0 + 100 + 999)).toStrictEqual(TAKEN) // the wait is over, the counter still there: count 2
    expect(store.take(['a'], T0 + 1100)).toStrictEqual(throttled(199))
    expect(store.take(['a'], T0 + 1099 + 200 + 1000)).toStrictEqual(TAKEN) // forgotten: counts from 1 again
    expect(store.take(['a'], T0 + 2300)).toStrictEqual(throttled(99))
  })

  test('a key that must wait blocks the whole take, and nothing is counted under the other keys', () => {
    const store = new MemoryAttemptStore({ freeAttempts: 1, delayMs: 1000 })
    store.take(['ip'], T0)
    expect(store.take(['email', 'ip'], T0)).toStrictEqual(throttled(1000))
    expect([store.take(['email'], T0), store.size]).toStrictEqual([TAKEN, 2])
  })

  test('giveBack uncounts the attempt taken at that time, and restores the time of the one before', () => {
    const store = new MemoryAttemptStore({ freeAttempts: 2, delayMs: 1000 })
    store.take(['a'], T0)
    store.take(['a'], T0 + 10)
    store.giveBack('a', T0 + 10)
    expect(store.take(['a'], T0 + 20)).toStrictEqual(TAKEN)
    // Two counted, the latest at T0 + 20: a wait from there; given back, the wait runs from T0.
    expect(store.take(['a'], T0 + 30)).toStrictEqual(throttled(990))
    store.giveBack('a', T0 + 20)
    store.take(['a'], T0 + 40)
    store.giveBack('a', T0 + 40)
    expect(store.size).toBe(1)
    store.giveBack('a', T0)
    expect(store.size).toBe(0)
  })

  test('giveBack after another attempt was counted leaves the latest time alone', () => {
    const store = new MemoryAttemptStore({ freeAttempts: 2, delayMs: 1000 })
    store.take(['a'], T0)
    store.take(['a'], T0 + 10)
    store.take(['a'], T0 + 1010)
    store.giveBack('a', T0 + 10)
    expect(store.take(['a'], T0 + 1011)).toStrictEqual(throttled(999))
  })

  test('clear forgets the counter', () => {
    const store = new MemoryAttemptStore({ freeAttempts: 1 })
    store.take(['a'], T0)
    store.clear('a')
    expect([store.take(['a'], T0), store.size]).toStrictEqual([TAKEN, 1])
  })

  describe('bounded memory: a live counter is never dropped', () => {
    test('5,000 attempts under 5,000 new keys do not push out a throttled key: once full, new keys are refused', () => {
      const store = new MemoryAttemptStore({ maxKeys: 1000 })
      for (let i = 0; i < 5; i++) store.take(['email:victim'], T0)
      const answers = Array.from({ length: 5000 }, (_, i) => store.take([`email:guess${i}`, `ip:${i}`], T0 + 1).taken)
      expect([answers.filter(Boolean).length, store.size]).toStrictEqual([499, 999])
      expect(store.take(['email:victim'], T0 + 1)).toStrictEqual(throttled(59_999))
      // 2 new keys would be needed, 1 is free: refused until the first counters may expire.
      expect(store.take(['email:new', 'ip:new'], T0 + 1)).toStrictEqual(full(15 * 60_000))
      expect(store.take(['email:new'], T0 + 1)).toStrictEqual(TAKEN)
    })

    test('when full, expired counters are swept (at most once a second) and their room is used', () => {
      const store = new MemoryAttemptStore({ maxKeys: 3, windowMs: 1000 })
      for (const key of ['a', 'b', 'c']) store.take([key], T0)
      // Nothing has expired: swept now, so the next sweep is a second later.
      expect(store.take(['d'], T0 + 500)).toStrictEqual(full(1000))
      expect(store.take(['d'], T0 + 1499)).toStrictEqual(full(1))
      store.take(['b'], T0 + 999) // still live: kept, and now expires later
      expect(store.take(['d', 'e'], T0 + 1500)).toStrictEqual(TAKEN)
      expect(store.size).toBe(3)
      expect(store.take(['f'], T0 + 1501)).toStrictEqual(full(999))
      // An expired counter met on the way is forgotten at once, and its room is used.
      expect(store.take(['b'], T0 + 2999)).toStrictEqual(TAKEN)
    })
  })

  test('marks: remembered for rememberMs; past maxRemembered the least recently remembered goes', () => {
    const store = new MemoryAttemptStore({ rememberMs: 1000, maxRemembered: 2 })
    store.remember('x', T0)
    store.remember('y', T0)
    expect([store.recalls('x', T0 + 999), store.recalls('x', T0 + 1000)]).toStrictEqual([true, false])
    store.remember('x', T0 + 10)
    store.remember('z', T0 + 10) // 'y' goes: 'x' was remembered again since
    expect(['x', 'y', 'z'].map((key) => store.recalls(key, T0 + 20))).toStrictEqual([true, false, true])
  })

  test('bad options throw TypeError naming the option', () => {
    expect(() => new MemoryAttemptStore({ freeAttempts: 0 })).toThrow(new TypeError('jwt-hooks: "freeAttempts" must be a whole number >= 1'))
    expect(() => new MemoryAttemptStore({ windowMs: -1 })).toThrow(new TypeError('jwt-hooks: "windowMs" must be a number > 0'))
    expect(() => new MemoryAttemptStore({ delayMs: Infinity })).toThrow(new TypeError('jwt-hooks: "delayMs" must be a number > 0'))
    expect(() => new MemoryAttemptStore({ maxKeys: 1 })).toThrow(new TypeError('jwt-hooks: "maxKeys" must be a whole number >= 2'))
    expect(() => new MemoryAttemptStore({ maxRemembered: 1.5 })).toThrow(new TypeError('jwt-hooks: "maxRemembered" must be a whole number >= 2'))
  })
})
