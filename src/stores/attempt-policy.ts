/** How attempts under one key slow it down. A store applies it, atomically, in `take`. */
export interface AttemptPolicy {
  /** Attempts counted before any wait (default 5). */
  freeAttempts: number
  /** The wait after the last free attempt, doubled with each attempt after it (default 1 minute). */
  delayMs: number
  /** The longest wait (default 15 minutes). */
  maxDelayMs: number
  /** A counter is forgotten once this long has passed after its wait with no new attempt (default 15 minutes). */
  windowMs: number
}

export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = Object.freeze({
  freeAttempts: 5,
  delayMs: 60_000,
  maxDelayMs: 15 * 60_000,
  windowMs: 15 * 60_000,
})

/** What a store keeps per key: attempts counted, when the latest was, and when the one before it was. */
export interface AttemptCounter {
  count: number
  last: number
  previous: number
}

/**
 * Milliseconds a key must wait after its latest attempt, once `count` attempts are counted:
 * none within the free attempts, then `delayMs`, doubled for each attempt after, at most `maxDelayMs`.
 */
export function attemptDelay(count: number, policy: AttemptPolicy): number {
  if (count < policy.freeAttempts) return 0
  return Math.min(policy.delayMs * 2 ** (count - policy.freeAttempts), policy.maxDelayMs)
}

/** Milliseconds from `now` until the key may be tried again (0: now). */
export function waitOf(counter: AttemptCounter, policy: AttemptPolicy, now: number): number {
  return Math.max(0, counter.last + attemptDelay(counter.count, policy) - now)
}

/** When the counter may be forgotten: `windowMs` after its wait ends. */
export function expiryOf(counter: AttemptCounter, policy: AttemptPolicy): number {
  return counter.last + attemptDelay(counter.count, policy) + policy.windowMs
}
