import type { AttemptStore } from './attempt-store'

export interface MemoryAttemptStoreOptions {
  /** Attempts allowed per key within the window (default 5). */
  limit?: number
  /** The sliding window, in milliseconds (default 15 minutes). */
  windowMs?: number
  /** Keys kept at most (default 10,000); the least recently used goes first. */
  maxKeys?: number
}

/**
 * Counts attempts in this process's memory: per key, the times of at most `limit` recent
 * attempts (a sliding window, so a burst across a window edge is still one burst).
 */
export class MemoryAttemptStore implements AttemptStore {
  readonly limit: number
  readonly windowMs: number
  readonly maxKeys: number
  // Map order is insertion order; every write re-inserts, so the first key is the least recently used.
  private readonly attempts = new Map<string, number[]>()

  constructor({ limit = 5, windowMs = 15 * 60_000, maxKeys = 10_000 }: MemoryAttemptStoreOptions = {}) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError('jwt-hooks: "limit" must be a whole number >= 1')
    if (!(windowMs > 0)) throw new TypeError('jwt-hooks: "windowMs" must be a number > 0')
    if (!Number.isInteger(maxKeys) || maxKeys < 2) throw new TypeError('jwt-hooks: "maxKeys" must be a whole number >= 2')
    this.limit = limit
    this.windowMs = windowMs
    this.maxKeys = maxKeys
  }

  /** How many keys are held (for tests and metrics). */
  get size(): number {
    return this.attempts.size
  }

  take(keys: readonly string[], now: number): number {
    const lists = keys.map((key) => this.live(key, now))
    let wait = 0
    for (const list of lists) {
      if (list.length >= this.limit) wait = Math.max(wait, list[list.length - this.limit] + this.windowMs - now)
    }
    if (wait > 0) return wait
    keys.forEach((key, i) => this.store(key, [...lists[i], now]))
    return 0
  }

  giveBack(key: string, now: number): void {
    const list = this.live(key, now).slice(0, -1)
    if (list.length === 0) this.attempts.delete(key)
    else this.store(key, list)
  }

  clear(key: string): void {
    this.attempts.delete(key)
  }

  /** The attempts under a key still inside the window, oldest first. */
  private live(key: string, now: number): number[] {
    const list = this.attempts.get(key)
    if (list === undefined) return []
    const start = now - this.windowMs
    const first = list.findIndex((time) => time > start)
    return first === 0 ? list : first === -1 ? [] : list.slice(first)
  }

  // Bounded: a flood of new keys evicts the least recently used. A single address cannot flood,
  // since its own `ip:` key stops counting anything after `limit` attempts.
  private store(key: string, list: number[]): void {
    this.attempts.delete(key)
    if (this.attempts.size >= this.maxKeys) this.attempts.delete(this.attempts.keys().next().value as string)
    this.attempts.set(key, list.length > this.limit ? list.slice(-this.limit) : list)
  }
}
