/** The revoked sids of a memory store in revocation order, for `revocationsSince`. */
export class MemoryRevocationLog {
  private entries: { seq: number; sid: string }[] = []
  private last = 0

  /** Appends a revocation; returns its sequence number. */
  append(sid: string): number {
    this.last += 1
    this.entries.push({ seq: this.last, sid })
    return this.last
  }

  /** At most `limit` entries after `cursor`, oldest first. */
  after(cursor: number, limit: number): { seq: number; sid: string }[] {
    let low = 0
    let high = this.entries.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.entries[middle].seq <= cursor) low = middle + 1
      else high = middle
    }
    return this.entries.slice(low, low + limit)
  }

  /** Keeps only the entries whose sid passes `keep` (after a sweep deleted sessions). */
  retain(keep: (sid: string) => boolean): void {
    this.entries = this.entries.filter((entry) => keep(entry.sid))
  }
}
