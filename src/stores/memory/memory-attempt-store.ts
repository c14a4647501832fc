import { expiryOf, waitOf, type AttemptCounter, type AttemptPolicy } from '../attempt-policy'
import type { AttemptStore, TakeResult } from '../attempt-store'
import { checkAttemptStoreOptions, type AttemptStoreOptions } from '../check-attempt-store-options'

/** Options of `MemoryAttemptStore`: the policy and its bounds. */
export type MemoryAttemptStoreOptions = AttemptStoreOptions

// When full, expired counters are looked for at most this often: a sweep visits every counter.
const SWEEP_EVERY_MS = 1000

/**
 * Counts attempts in this process's memory: per key a count and the time of the latest attempt
 * (constant size, whatever the traffic), forgotten once expired. Memory is bounded by `maxKeys`
 * counters and `maxRemembered` marks. Counters are never evicted: an attacker with many addresses
 * can fill the store, but not push a victim's counter out of it.
 */
export class MemoryAttemptStore implements AttemptStore {
  readonly policy: AttemptPolicy
  readonly maxKeys: number
  readonly rememberMs: number
  readonly maxRemembered: number
  private readonly counters = new Map<string, AttemptCounter>()
  // Map order is insertion order; remembering re-inserts, so the first mark is the least recently remembered.
  private readonly marks = new Map<string, number>()
  private nextSweep = 0

  constructor(options: MemoryAttemptStoreOptions = {}) {
    ;({ policy: this.policy, maxKeys: this.maxKeys, rememberMs: this.rememberMs, maxRemembered: this.maxRemembered } = checkAttemptStoreOptions(options))
  }

  /** How many counters are held (for tests and metrics). */
  get size(): number {
    return this.counters.size
  }

  take(keys: readonly string[], now: number): TakeResult {
    const found = keys.map((key) => this.live(key, now))
    const waitMs = Math.max(0, ...found.map((counter) => (counter === undefined ? 0 : waitOf(counter, this.policy, now))))
    if (waitMs > 0) return { taken: false, reason: 'throttled', waitMs }
    const needed = found.filter((counter) => counter === undefined).length
    if (needed > 0 && this.counters.size + needed > this.maxKeys && !this.makeRoom(needed, now)) {
      return { taken: false, reason: 'full', waitMs: Math.max(1, this.nextSweep - now) }
    }
    keys.forEach((key, i) => {
      const counter = found[i] ?? { count: 0, last: now, previous: now }
      this.counters.set(key, { count: counter.count + 1, last: now, previous: counter.last })
    })
    return { taken: true }
  }

  giveBack(key: string, takenAt: number): void {
    const counter = this.counters.get(key)
    if (counter === undefined) return
    if (counter.count <= 1) return void this.counters.delete(key)
    const last = counter.last === takenAt ? counter.previous : counter.last
    this.counters.set(key, { count: counter.count - 1, last, previous: last })
  }

  clear(key: string): void {
    this.counters.delete(key)
  }

  remember(key: string, now: number): void {
    this.marks.delete(key)
    if (this.marks.size >= this.maxRemembered) this.marks.delete(this.marks.keys().next().value as string)
    this.marks.set(key, now + this.rememberMs)
  }

  recalls(key: string, now: number): boolean {
    const until = this.marks.get(key)
    if (until === undefined) return false
    if (now < until) return true
    this.marks.delete(key)
    return false
  }

  /** The counter under a key, unless it has expired (then it is forgotten now). */
  private live(key: string, now: number): AttemptCounter | undefined {
    const counter = this.counters.get(key)
    if (counter === undefined || now < expiryOf(counter, this.policy)) return counter
    this.counters.delete(key)
    return undefined
  }

  /**
   * Forgets every expired counter, at most once per SWEEP_EVERY_MS and only once one may have
   * expired; says whether `needed` new counters now fit. Until the next sweep may help, the
   * answer is no, in O(1): a flood of refused attempts costs no more than they do.
   */
  private makeRoom(needed: number, now: number): boolean {
    if (now < this.nextSweep) return false
    let soonest = Infinity
    for (const [key, counter] of this.counters) {
      const expiry = expiryOf(counter, this.policy)
      if (now >= expiry) this.counters.delete(key)
      else soonest = Math.min(soonest, expiry)
    }
    this.nextSweep = Math.max(soonest, now + SWEEP_EVERY_MS)
    return this.counters.size + needed <= this.maxKeys
  }
}
