import { checkNewSession } from '../check-new-session'
import { checkRevocation } from '../check-revocation'
import { checkSessionStoreOptions, type SessionStoreOptions } from '../check-session-store-options'
import { RevocationListeners } from '../revocation-listeners'
import type { NewSession, Revocation, RevocationPage, RotateResult, Rotation, SessionStore, StoredSession } from '../session-store'
import { StoreLimitError } from '../store-limit-error'
import { MemoryRevocationLog } from './memory-revocation-log'
import { parseCursor } from '../parse-cursor'

/** Options of `MemorySessionStore`. */
export interface MemorySessionStoreOptions extends SessionStoreOptions {
  /** Sessions held at most, revoked ones included, until `sweep` deletes them (default 100,000). */
  maxSessions?: number
}

interface Entry {
  session: StoredSession
  hashes: string[]
}

/**
 * Sessions in this process's memory: for one process and for tests. Every operation runs to its
 * end without awaiting anything, so it is atomic among the process's callers.
 */
export class MemorySessionStore implements SessionStore {
  readonly maxSessions: number
  private readonly options: Required<SessionStoreOptions>
  private readonly sessions = new Map<string, Entry>()
  private readonly tokens = new Map<string, { sid: string; spent: boolean }>()
  private readonly log = new MemoryRevocationLog()
  private readonly listeners = new RevocationListeners()
  // Sweeps resume where the last one stopped, so each call scans a bounded number of entries.
  private sweepAt: Iterator<Entry> | undefined

  constructor({ maxSessions = 100_000, ...options }: MemorySessionStoreOptions = {}) {
    this.options = checkSessionStoreOptions(options)
    if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new TypeError('jwt-hooks: "maxSessions" must be a whole number >= 1')
    this.maxSessions = maxSessions
  }

  async create(session: NewSession, refreshHash: string): Promise<void> {
    const fresh = checkNewSession(session)
    if (this.sessions.has(fresh.sid)) throw new Error('jwt-hooks: a session with this sid exists already')
    if (this.tokens.has(refreshHash)) throw new Error('jwt-hooks: this refresh token hash exists already')
    if (this.sessions.size >= this.maxSessions) throw new StoreLimitError('sessions', 'total', this.maxSessions)
    this.sessions.set(fresh.sid, { session: fresh, hashes: [refreshHash] })
    this.tokens.set(refreshHash, { sid: session.sid, spent: false })
  }

  async rotate(refreshHash: string, { nextHash, accessExpiresAt }: Rotation, now: number): Promise<RotateResult> {
    const token = this.tokens.get(refreshHash)
    const entry = token && this.sessions.get(token.sid)
    if (token === undefined || entry === undefined) return { outcome: 'invalid' }
    if (token.spent) {
      this.revokeEntry(entry, now)
      return { outcome: 'reused', sid: token.sid }
    }
    const { session } = entry
    if (session.revokedAt !== undefined || session.expiresAt <= now) return { outcome: 'invalid' }
    if (this.tokens.has(nextHash)) throw new Error('jwt-hooks: this refresh token hash exists already')
    token.spent = true
    this.tokens.set(nextHash, { sid: token.sid, spent: false })
    entry.hashes.push(nextHash)
    session.accessExpiresAt = Math.max(session.accessExpiresAt, accessExpiresAt)
    return { outcome: 'rotated', session: structuredClone(session) }
  }

  async revoke(sid: string, now: number): Promise<boolean> {
    const entry = this.sessions.get(sid)
    return entry !== undefined && this.revokeEntry(entry, now)
  }

  async recordRevocation(revocation: Revocation, now: number): Promise<boolean> {
    const { sid, until } = checkRevocation(revocation, now)
    if (this.sessions.has(sid)) return false
    if (this.sessions.size >= this.maxSessions) throw new StoreLimitError('sessions', 'total', this.maxSessions)
    const entry: Entry = { session: { sid, sub: '', createdAt: now, expiresAt: now, accessExpiresAt: until }, hashes: [] }
    this.sessions.set(sid, entry)
    return this.revokeEntry(entry, now)
  }

  async revokeByRefresh(refreshHash: string, now: number): Promise<string | undefined> {
    const token = this.tokens.get(refreshHash)
    const entry = token && this.sessions.get(token.sid)
    if (entry === undefined) return undefined
    const live = entry.session.revokedAt === undefined && entry.session.expiresAt > now
    this.revokeEntry(entry, now)
    return live ? entry.session.sid : undefined
  }

  async get(sid: string): Promise<StoredSession | undefined> {
    const entry = this.sessions.get(sid)
    return entry && structuredClone(entry.session)
  }

  async findByRefresh(refreshHash: string): Promise<StoredSession | undefined> {
    const token = this.tokens.get(refreshHash)
    const entry = token && this.sessions.get(token.sid)
    return entry && structuredClone(entry.session)
  }

  async revocationsSince(cursor: string | undefined, now: number): Promise<RevocationPage> {
    const page = this.log.after(parseCursor(cursor), this.options.revocationPageSize)
    const revoked: Revocation[] = []
    for (const { sid } of page) {
      const session = this.sessions.get(sid)?.session
      if (session !== undefined && session.accessExpiresAt > now) revoked.push({ sid, until: session.accessExpiresAt })
    }
    const last = page.length > 0 ? page[page.length - 1].seq : parseCursor(cursor)
    return { revoked, cursor: String(last), more: page.length === this.options.revocationPageSize }
  }

  async sweep(now: number): Promise<number> {
    let deleted = 0
    for (let scanned = 0; scanned < this.options.sweepBatch; scanned++) {
      this.sweepAt ??= this.sessions.values()
      const next = this.sweepAt.next()
      if (next.done) {
        this.sweepAt = undefined
        break
      }
      const { session, hashes } = next.value
      const over = session.expiresAt <= now || session.revokedAt !== undefined
      if (!over || session.accessExpiresAt > now) continue
      for (const hash of hashes) this.tokens.delete(hash)
      this.sessions.delete(session.sid)
      deleted += 1
    }
    if (deleted > 0) this.log.retain((sid) => this.sessions.has(sid))
    return deleted
  }

  subscribe(listener: (revocation: Revocation) => void): () => void {
    return this.listeners.add(listener)
  }

  private revokeEntry({ session }: Entry, now: number): boolean {
    if (session.revokedAt !== undefined) return false
    session.revokedAt = now
    this.log.append(session.sid)
    this.listeners.emit({ sid: session.sid, until: session.accessExpiresAt })
    return true
  }
}
