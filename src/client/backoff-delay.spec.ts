import { backoffDelay } from './backoff-delay'

const RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 }

describe('backoffDelay: exponential, capped, jittered into the upper half', () => {
  test.each([
    [1, 250, 500],
    [2, 500, 1000],
    [3, 1000, 2000],
    [4, 2000, 4000],
    [5, 4000, 8000],
    [6, 5000, 10_000],
    [50, 5000, 10_000],
    [5000, 5000, 10_000],
  ])('after %p failures: from %p to %p ms', (failures, lowest, highest) => {
    expect(backoffDelay(failures, RETRY, () => 0)).toBe(lowest)
    expect(backoffDelay(failures, RETRY, () => 0.999999999)).toBe(highest)
    expect(backoffDelay(failures, RETRY, () => 0.5)).toBe((lowest + highest) / 2)
  })
})
