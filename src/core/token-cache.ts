import type { Failure } from './types'

/** An answer for one token and the time (ms) until which that token gets the same answer. */
export interface Verdict {
  value: Record<string, any> | Failure
  until: number
  /** When the cache last placed the entry (its insertion count); the cache's own field. */
  stamp: number
}

/**
 * A bounded LRU of verdicts, keyed by the whole token. No entry is returned at or after its
 * `until` (a token's `exp` for a verified one); the blacklist is still asked on every hit.
 * A hit moves its entry to the young end only once it has aged past half the cache, so a hot
 * token costs one Map lookup, and no entry still hit once per max/2 insertions is evicted.
 */
export class TokenCache {
  private readonly entries = new Map<string, Verdict>()
  private inserted = 0
  private readonly youngSpan: number

  constructor(readonly max: number) {
    this.youngSpan = max >>> 1
  }

  get size(): number {
    return this.entries.size
  }

  get(token: string, now: number): Verdict['value'] | undefined {
    const entry = this.entries.get(token)
    if (entry === undefined) return undefined
    if (now >= entry.until) {
      this.entries.delete(token)
      return undefined
    }
    if (this.inserted - entry.stamp > this.youngSpan) {
      // Re-insert so Map order stays least-recently-used first.
      this.entries.delete(token)
      this.place(token, entry)
    }
    return entry.value
  }

  /** Stores a verdict for a token the cache does not hold (the caller asked `get` first). */
  set(token: string, verdict: Verdict, now: number): void {
    if (now >= verdict.until) return
    this.place(token, verdict)
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
  }

  private place(token: string, entry: Verdict): void {
    entry.stamp = ++this.inserted
    this.entries.set(token, entry)
  }
}
