import { withTimeout } from '../core/pipeline/with-timeout'
import type { Revocation, SessionStore } from '../stores/session-store'

/** How a watch polls, checked already. */
export interface WatchSettings {
  /** Milliseconds between the end of one poll and the next. */
  pollInterval: number
  /** Milliseconds one page of the poll may take. */
  timeout: number
  clock: () => number
  /** Where the one line about failing polls (and their end) goes. */
  log: (line: string) => void
}

// A token may be accepted a little after its exp (verifyOptions.clockTolerance): its sid is
// kept this long after `until`, beyond any tolerance a deployment sets in practice.
const FORGET_AFTER_MS = 5 * 60_000
const PRUNE_EVERY_MS = 30_000

/**
 * The revoked sids whose access tokens could still be valid, in memory, so a door asks
 * `isRevoked(sid)` with no I/O. Kept current from the store: every revocation of this process at
 * once (`subscribe`), and the others' by polling `revocationsSince` every `pollInterval`, from
 * the first `ready()` or `isRevoked()` on (making one does no I/O: its store may not be open
 * yet). A failed poll keeps the set as it is and is said once (and once more when polls succeed
 * again).
 */
export class RevocationWatch {
  private readonly revoked = new Map<string, number>()
  private cursor: string | undefined
  private loaded = false
  private failing = false
  private closed = false
  private polling: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined
  private started = false
  private lost = false
  private reload = false
  private prunedAt = 0
  private readonly unsubscribe: (() => void) | undefined

  constructor(
    private readonly store: SessionStore,
    private readonly settings: WatchSettings,
  ) {
    this.unsubscribe = store.subscribe?.((revocation) => this.add(revocation), { onLost: () => (this.lost = true), onResync: () => this.resync() })
  }

  /** Whether the sid is of a revoked session whose tokens could still be valid. */
  isRevoked(sid: string): boolean {
    if (!this.started) this.start()
    return this.revoked.has(sid)
  }

  /** How many sids are held. */
  get size(): number {
    return this.revoked.size
  }

  /**
   * Resolves once the revocations have been read from the store once; if they have not yet, a
   * poll runs now, and its failure rejects.
   */
  async ready(): Promise<void> {
    if (this.loaded) return
    const first = this.poll(true)
    if (!this.started) this.start()
    await first
  }

  /** Polls from now on (the first poll at once, unless one is running). */
  private start(): void {
    this.started = true
    this.schedule(this.polling === undefined ? 0 : this.settings.pollInterval)
  }

  /** Stops polling and listening. */
  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    this.unsubscribe?.()
  }

  private add({ sid, until }: Revocation): void {
    const forget = until + FORGET_AFTER_MS
    if (forget > this.settings.clock() && (this.revoked.get(sid) ?? 0) < forget) this.revoked.set(sid, forget)
  }

  /**
   * Heard the other instances again after an outage: what they revoked meanwhile reached no
   * listener, and the store may have lost its log (a Redis restarted without persistence), so
   * every revocation is read again, from the start, at once; none known is dropped.
   */
  private resync(): void {
    if (!this.lost || this.closed) return
    this.lost = false
    this.reload = true
    this.settings.log(`jwt-hooks: sessions: the store is back; reloading every revocation (the ${this.revoked.size} known stay in force)`)
    void (this.polling ?? Promise.resolve()).then(() => this.poll(false))
  }

  private schedule(delay: number): void {
    if (this.closed) return
    this.timer = setTimeout(() => void this.poll(false).finally(() => this.schedule(this.settings.pollInterval)), delay)
    // The watch never keeps a process alive on its own.
    this.timer.unref()
  }

  /** One poll at a time: a caller arriving during one shares it. */
  private poll(rethrow: boolean): Promise<void> {
    this.polling ??= this.readPages().finally(() => (this.polling = undefined))
    return rethrow ? this.polling : this.polling.catch(() => undefined)
  }

  private async readPages(): Promise<void> {
    const { clock, timeout, log } = this.settings
    if (this.reload) this.cursor = undefined
    this.reload = false
    try {
      for (let more = true; more; ) {
        const page = await withTimeout(this.store.revocationsSince(this.cursor, clock()), timeout)
        for (const revocation of page.revoked) this.add(revocation)
        this.cursor = page.cursor
        more = page.more
      }
    } catch (error) {
      if (!this.failing) log(`jwt-hooks: sessions: cannot read revocations from the store (${describe(error)}); the ${this.revoked.size} known stay in force, retrying every ${this.settings.pollInterval} ms`)
      this.failing = true
      throw error
    }
    if (this.failing) log('jwt-hooks: sessions: revocations are read from the store again')
    this.failing = false
    this.loaded = true
    this.prune(clock())
  }

  private prune(now: number): void {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return
    this.prunedAt = now
    for (const [sid, forget] of this.revoked) if (forget <= now) this.revoked.delete(sid)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
