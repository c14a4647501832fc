/**
 * Where login attempts are counted. The in-memory `MemoryAttemptStore` is the default; a store
 * shared by several processes (Redis, a table) implements the same three calls.
 */
export interface AttemptStore {
  /**
   * Counts one attempt under every key, unless a key already holds its limit of attempts within
   * the window: then counts nothing. Must be atomic, or parallel requests slip past the limit.
   * @param keys e.g. `email:ann@example.com` and `ip:203.0.113.7`.
   * @param now milliseconds since the epoch.
   * @returns 0 when counted, else the milliseconds until the oldest blocking attempt expires.
   */
  take(keys: readonly string[], now: number): number | Promise<number>
  /** Uncounts the latest attempt under a key (one counted up front that turned out to succeed). */
  giveBack(key: string, now: number): void | Promise<void>
  /** Forgets every attempt under a key. */
  clear(key: string): void | Promise<void>
}
