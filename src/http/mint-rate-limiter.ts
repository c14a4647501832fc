interface Bucket {
  tokens: number
  at: number
}

// Keys are few (one per calling backend); the bound only guards against a store that hands out many.
const MAX_BUCKETS = 10_000

/**
 * A token bucket per API key: `perMinute` mints, refilled evenly, bursts up to `perMinute`.
 * In this process's memory: behind several instances each counts its own.
 */
export class MintRateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly perMs: number

  constructor(private readonly perMinute: number) {
    this.perMs = perMinute / 60_000
  }

  /**
   * Takes one mint for the key.
   * @returns 0 when taken, else the seconds to wait (for `Retry-After`).
   */
  take(key: string, now: number): number {
    let bucket = this.buckets.get(key)
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.evictFull(now)
      bucket = { tokens: this.perMinute, at: now }
      this.buckets.set(key, bucket)
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs)
    bucket.at = now
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return 0
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000))
  }

  // A full bucket is the same as none: forgetting it changes nothing.
  private evictFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key)
    }
  }
}
