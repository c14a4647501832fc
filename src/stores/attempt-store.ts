/** What `AttemptStore.take` answers: counted, or why not and for how long. */
export type TakeResult =
  | { taken: true }
  /** `throttled`: a key must wait; `full`: a new counter is needed and no room is left. */
  | { taken: false; reason: 'throttled' | 'full'; waitMs: number }

/**
 * Where login attempts are counted, and which address groups are recognised for an email. The
 * in-memory `MemoryAttemptStore` is the default; a store shared by several processes (Redis, a
 * table) implements the same five calls, each one atomic in the store (a Lua script, a
 * transaction): the caller never reads a count to write it back. Any call may answer a promise.
 * Counters follow an `AttemptPolicy` (free attempts, then a doubling wait).
 */
export interface AttemptStore {
  /**
   * Counts one attempt under every key, unless a key must still wait: then counts nothing. A live
   * counter is never dropped to make room for another: when the store is full and a key has no
   * counter yet, nothing is counted (`full`, with the wait until room may be made).
   * @param keys distinct keys, e.g. `email:ann@example.com` and `ip:203.0.113.7`.
   * @param now milliseconds since the epoch.
   */
  take(keys: readonly string[], now: number): TakeResult | Promise<TakeResult>
  /**
   * Uncounts one attempt that `take` counted at `takenAt` (it succeeded, or was never checked):
   * one less, and if nothing was counted since, the latest attempt time it had before.
   */
  giveBack(key: string, takenAt: number): void | Promise<void>
  /** Forgets the counter under a key. */
  clear(key: string): void | Promise<void>
  /** Remembers a mark (an address group that logged in for an email) for a while from `now`. */
  remember(key: string, now: number): void | Promise<void>
  /** Whether a mark is remembered at `now`. */
  recalls(key: string, now: number): boolean | Promise<boolean>
}
