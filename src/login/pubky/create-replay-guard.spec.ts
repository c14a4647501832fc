import { createReplayGuard } from './create-replay-guard'
import { ReplayGuardFullError } from './replay-guard-full-error'

const T0 = 1_900_000_000_000

function clock() {
  let at = T0
  return { now: () => at, set: (ms: number) => (at = ms) }
}

describe('createReplayGuard', () => {
  test('an id is claimed once until it expires, then it is forgotten', () => {
    const time = clock()
    const guard = createReplayGuard({ now: time.now })
    expect([guard.claim('a', T0 + 1000), guard.claim('a', T0 + 1000), guard.claim('b', T0 + 1000)]).toStrictEqual([true, false, true])
    time.set(T0 + 999)
    expect(guard.claim('a', T0 + 5000)).toBe(false)
    time.set(T0 + 1000)
    expect(guard.claim('a', T0 + 5000)).toBe(true)
    expect(guard.claim('a', T0 + 5000)).toBe(false)
  })

  test('an id already past its expiry is not remembered (it could not be accepted again)', () => {
    const guard = createReplayGuard({ now: () => T0 })
    expect([guard.claim('old', T0), guard.claim('old', T0), guard.size]).toStrictEqual([true, true, 0])
  })

  test('expired ids are swept, at most once a second', () => {
    const time = clock()
    const guard = createReplayGuard({ now: time.now })
    for (let i = 0; i < 10; i++) guard.claim(`id${i}`, T0 + 100)
    time.set(T0 + 500)
    guard.claim('late', T0 + 10_000)
    expect(guard.size).toBe(1)
    guard.claim('later', T0 + 600)
    time.set(T0 + 700)
    guard.claim('x', T0 + 10_000)
    expect(guard.size).toBe(3) // 'later' expired, but the last sweep was under a second ago
    time.set(T0 + 1500)
    guard.claim('y', T0 + 10_000)
    expect(guard.size).toBe(3)
  })

  test('bounded: a full guard forgets nothing unexpired and throws ReplayGuardFullError', () => {
    const time = clock()
    const guard = createReplayGuard({ maxEntries: 3, now: time.now })
    for (const id of ['a', 'b', 'c']) guard.claim(id, T0 + 1000)
    expect(() => guard.claim('d', T0 + 1000)).toThrow(new ReplayGuardFullError(3))
    expect(guard.claim('a', T0 + 1000)).toBe(false) // a replay is still a replay when full
    time.set(T0 + 1000)
    expect([guard.claim('d', T0 + 2000), guard.size]).toStrictEqual([true, 1])
  })

  test('full, with expired ids, sweeps at once instead of throwing', () => {
    const time = clock()
    const guard = createReplayGuard({ maxEntries: 2, now: time.now })
    guard.claim('a', T0 + 10)
    guard.claim('b', T0 + 5000)
    time.set(T0 + 20)
    expect([guard.claim('c', T0 + 5000), guard.size]).toStrictEqual([true, 2])
  })

  test('bad options and arguments are TypeErrors', () => {
    expect(() => createReplayGuard({ maxEntries: 0 })).toThrow(new TypeError('jwt-hooks: "maxEntries" must be a whole number >= 1'))
    expect(() => createReplayGuard({ now: 5 as never })).toThrow(new TypeError('jwt-hooks: "now" must be a function'))
    expect(() => createReplayGuard().claim('a', NaN)).toThrow(new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a string and a finite number'))
  })
})
