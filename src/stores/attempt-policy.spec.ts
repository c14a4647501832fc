import { attemptDelay, DEFAULT_ATTEMPT_POLICY, expiryOf, waitOf } from './attempt-policy'

const MINUTE = 60_000

describe('attempt policy (defaults)', () => {
  test('5 free attempts, then 1, 2, 4, 8 minutes, then 15 at most', () => {
    const delays = Array.from({ length: 12 }, (_, count) => attemptDelay(count, DEFAULT_ATTEMPT_POLICY) / MINUTE)
    expect(delays).toStrictEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15])
  })

  test('the wait runs from the latest attempt; the counter expires 15 minutes after the wait ends', () => {
    const counter = { count: 6, last: 10 * MINUTE, previous: 9 * MINUTE }
    expect([waitOf(counter, DEFAULT_ATTEMPT_POLICY, 11 * MINUTE), waitOf(counter, DEFAULT_ATTEMPT_POLICY, 12 * MINUTE)]).toStrictEqual([MINUTE, 0])
    expect(expiryOf(counter, DEFAULT_ATTEMPT_POLICY)).toBe(27 * MINUTE)
    expect(expiryOf({ count: 2, last: 0, previous: 0 }, DEFAULT_ATTEMPT_POLICY)).toBe(15 * MINUTE)
  })
})
