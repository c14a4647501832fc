import { MemoryAttemptStore } from './memory-attempt-store'

const T0 = 1_000_000

describe('MemoryAttemptStore', () => {
  test('counts up to the limit, then answers the wait until the oldest attempt leaves the window', () => {
    const store = new MemoryAttemptStore({ limit: 3, windowMs: 1000 })
    expect([store.take(['a'], T0), store.take(['a'], T0 + 100), store.take(['a'], T0 + 200)]).toStrictEqual([0, 0, 0])
    expect(store.take(['a'], T0 + 300)).toBe(700)
    expect(store.take(['a'], T0 + 999)).toBe(1)
    expect(store.take(['a'], T0 + 1000)).toBe(0)
  })

  test('a blocked key blocks the whole take, and nothing is counted under the other keys', () => {
    const store = new MemoryAttemptStore({ limit: 1, windowMs: 1000 })
    store.take(['ip'], T0)
    expect(store.take(['email', 'ip'], T0)).toBe(1000)
    expect(store.take(['email'], T0)).toBe(0)
  })

  test('giveBack uncounts the latest attempt; clear forgets the key', () => {
    const store = new MemoryAttemptStore({ limit: 2, windowMs: 1000 })
    store.take(['a'], T0)
    store.take(['a'], T0 + 1)
    store.giveBack('a', T0 + 2)
    expect(store.take(['a'], T0 + 3)).toBe(0)
    expect(store.take(['a'], T0 + 4)).toBe(996)
    store.clear('a')
    expect([store.take(['a'], T0 + 5), store.size]).toStrictEqual([0, 1])
  })

  test('bounded: at most maxKeys keys, the least recently used evicted first', () => {
    const store = new MemoryAttemptStore({ limit: 1, windowMs: 60_000, maxKeys: 3 })
    for (const key of ['a', 'b', 'c']) store.take([key], T0)
    store.giveBack('a', T0) // 'a' now has no attempts and is dropped
    store.take(['d'], T0)
    store.take(['e'], T0)
    expect(store.size).toBe(3)
    // 'b' was the least recently used, so it went; 'c' is still blocked.
    expect([store.take(['c'], T0), store.take(['b'], T0)]).toStrictEqual([60_000, 0])
    for (let i = 0; i < 10_000; i++) store.take([`flood${i}`], T0)
    expect(store.size).toBe(3)
  })

  test('bad options throw TypeError naming the option', () => {
    expect(() => new MemoryAttemptStore({ limit: 0 })).toThrow(new TypeError('jwt-hooks: "limit" must be a whole number >= 1'))
    expect(() => new MemoryAttemptStore({ windowMs: -1 })).toThrow(new TypeError('jwt-hooks: "windowMs" must be a number > 0'))
    expect(() => new MemoryAttemptStore({ maxKeys: 1 })).toThrow(new TypeError('jwt-hooks: "maxKeys" must be a whole number >= 2'))
  })
})
