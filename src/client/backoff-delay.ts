/** The normalized `retry` option. */
export interface RetrySettings {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/**
 * The wait before attempt `failures + 1`: `baseDelayMs` doubled after each failure, at most
 * `maxDelayMs`, then jittered into its upper half ("equal jitter"), so that the clients that lost
 * the server together do not come back together, yet none retries at once.
 *
 * @param failures - the attempts that failed so far (1 after the first).
 * @param retry - the bounds.
 * @param random - a number in [0, 1) (default `Math.random`).
 */
export function backoffDelay(failures: number, retry: RetrySettings, random: () => number = Math.random): number {
  // 2 ** 1024 is Infinity: the cap is reached long before, and Math.min keeps it finite.
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(failures - 1, 1023))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
