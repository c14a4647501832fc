import type { Failure } from '../errors/failure'

/** An answer for one token and the time (ms) until which that token gets the same answer. */
export interface Verdict {
  value: Record<string, any> | Failure
  until: number
  /** When the cache last placed the entry (its insertion count); the cache's own field. */
  stamp: number
  /** The whole token the verdict is for, set by the cache (undefined until then: one shape). */
  token: string | undefined
  /** A payload with no object or array in it, so one spread copies it; set when it is kept. */
  flat: boolean
}

// The Map is indexed by the token's last characters (its signature's, random for any signed token):
// V8 hashes a key once per new string, and a request's token is always a new string, so hashing
// 12 characters instead of the whole token (150 to 900 of them) halves the cost of a hit.
const INDEX_LENGTH = 12

/**
 * A bounded LRU of verdicts, keyed by the whole token: an entry answers only the very token it
 * was stored for (compared in full), whatever index it sits under. A token is admitted on its
 * second sighting (`admits`), so tokens seen once never displace the ones seen again. No entry is returned at or
 * after its `until` (a token's `exp` for a verified one); the blacklist is still asked on every
 * hit. A hit moves its entry to the young end only once it has aged past half the cache, so a
 * hot token costs one Map lookup, and no entry still hit once per max/2 insertions is evicted.
 */
export class TokenCache {
  private readonly entries = new Map<string, Verdict>()
  private inserted = 0
  private readonly youngSpan: number
  // The doorkeeper of TinyLFU: a fingerprint per slot of the tokens seen once. A token is kept only
  // on its second sighting, so a stream of distinct tokens (each seen once) costs no insert, no
  // eviction and no copy; a colliding token only overwrites a slot, it never evicts an entry.
  private readonly seen: Int32Array
  private readonly seenMask: number

  constructor(readonly max: number) {
    this.youngSpan = max >>> 1
    let slots = 64
    while (slots < max * 2) slots *= 2
    this.seen = new Int32Array(slots)
    this.seenMask = slots - 1
  }

  get size(): number {
    return this.entries.size
  }

  /** Drops every verdict (the keys they were made with changed). */
  clear(): void {
    this.entries.clear()
    this.seen.fill(0)
  }

  /** The verdict kept for this very token, if it still holds at `now`. */
  get(token: string, now: number): Verdict | undefined {
    const index = token.slice(-INDEX_LENGTH)
    const entry = this.entries.get(index)
    // Another token with the same last characters (a forged payload under a copied signature):
    // not this token's verdict.
    if (entry === undefined || entry.token !== token) return undefined
    if (now >= entry.until) {
      this.entries.delete(index)
      return undefined
    }
    if (this.inserted - entry.stamp > this.youngSpan) {
      // Re-insert so Map order stays least-recently-used first.
      this.entries.delete(index)
      this.place(index, entry)
    }
    return entry
  }

  /**
   * Whether a token `get` just missed should be kept: true when it was seen once before (by its
   * last characters' fingerprint), else remembers it and answers false.
   */
  admits(token: string): boolean {
    const print = fingerprint(token)
    const slot = print & this.seenMask
    if (this.seen[slot] === print) return true
    this.seen[slot] = print
    return false
  }

  /**
   * Stores a verdict for a token `get` just missed; another token under the same index gives way
   * (replaced where it stands: such twins are forgeries, not worth an LRU move).
   */
  set(token: string, verdict: Verdict, now: number): void {
    if (now >= verdict.until) return
    verdict.token = token
    this.place(token.slice(-INDEX_LENGTH), verdict)
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
  }

  private place(index: string, entry: Verdict): void {
    entry.stamp = ++this.inserted
    this.entries.set(index, entry)
  }
}

// FNV-1a over the index characters (a signature's: random for any signed token); odd, so never
// the 0 of an empty slot.
function fingerprint(token: string): number {
  let hash = 0x811c9dc5
  for (let i = Math.max(0, token.length - INDEX_LENGTH); i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193)
  return hash | 1
}
