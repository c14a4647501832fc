/** A verified payload and the time (ms) after which it must be verified again. */
interface Entry {
  payload: Record<string, any>
  expiresAt: number
}

/**
 * A bounded LRU of verified tokens, keyed by the whole token.
 * Entries never outlive the token's `exp`; the blacklist is still asked on every hit.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size
  }

  get(token: string, now: number): Record<string, any> | undefined {
    const entry = this.entries.get(token)
    if (entry === undefined) return undefined
    if (now >= entry.expiresAt) {
      this.entries.delete(token)
      return undefined
    }
    // Re-insert so Map order stays least-recently-used first.
    this.entries.delete(token)
    this.entries.set(token, entry)
    return entry.payload
  }

  set(token: string, payload: Record<string, any>): void {
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity
    this.entries.set(token, { payload, expiresAt })
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
  }
}
