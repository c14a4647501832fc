import type { DataSource } from 'typeorm'

import { checkNewSession } from '../check-new-session'
import { checkRevocation } from '../check-revocation'
import { checkSessionStoreOptions, type SessionStoreOptions } from '../check-session-store-options'
import { parseCursor } from '../parse-cursor'
import { RevocationListeners } from '../revocation-listeners'
import type { NewSession, Revocation, RevocationPage, RotateResult, Rotation, SessionStore, StoredSession } from '../session-store'
import { inTransaction, inTurn } from './in-transaction'
import { recordRevokedSid, revokeSession } from './revoke-session'
import { rotateRefreshToken } from './rotate-refresh-token'
import { runSql } from './run-sql'
import { SESSION_COLUMNS, toStoredSession } from './to-stored-session'

const CREATE = `INSERT INTO auth_session (sid, sub, caps, claims, created_at, expires_at, access_expires_at, revoked_at, revoked_seq)
  VALUES (:sid, :sub, :caps, :claims, :createdAt, :expiresAt, :accessExpiresAt, NULL, NULL)`
const FIRST_TOKEN = 'INSERT INTO auth_refresh_token (hash, sid, created_at, spent_at) VALUES (:hash, :sid, :createdAt, NULL)'
const OWNER = 'SELECT s.sid, s.revoked_at, s.expires_at FROM auth_session s JOIN auth_refresh_token t ON t.sid = s.sid WHERE t.hash = :hash'
const BY_REFRESH = `SELECT ${SESSION_COLUMNS.split(', ').map((column) => `s.${column}`).join(', ')} FROM auth_session s JOIN auth_refresh_token t ON t.sid = s.sid WHERE t.hash = :hash`
const POLL = 'SELECT sid, access_expires_at, revoked_seq FROM auth_session WHERE revoked_seq > :after ORDER BY revoked_seq LIMIT :limit'
// Over (past its end, or revoked) and no access token of it still valid: nothing needs the row.
// Two queries, each on an index that holds few rows beside the finished ones: searching by
// access_expires_at would walk every live session whose last access token has expired.
const FINISHED = [
  'SELECT sid FROM auth_session WHERE expires_at <= :now AND access_expires_at <= :now LIMIT :limit',
  'SELECT sid FROM auth_session WHERE revoked_seq > 0 AND access_expires_at <= :now LIMIT :limit',
]

/**
 * Sessions in the TypeORM database (the entities of `STORE_ENTITIES`), shared by every process
 * on it: SQLite (one file) or PostgreSQL. Every race is decided in one transaction; a fault
 * rolls it back and rejects with the database's error. On SQLite give the DataSource a
 * `busyTimeout`, so a write waits for another process's instead of failing at once.
 */
export class TypeormSessionStore implements SessionStore {
  private readonly listeners = new RevocationListeners()
  private readonly options: Required<SessionStoreOptions>

  /**
   * @param dataSource an initialized DataSource whose entities include `STORE_ENTITIES`.
   * @param options page and batch sizes.
   */
  constructor(private readonly dataSource: DataSource, options: SessionStoreOptions = {}) {
    this.options = checkSessionStoreOptions(options)
  }

  async create(session: NewSession, refreshHash: string): Promise<void> {
    const { caps = null, claims, ...fresh } = checkNewSession(session)
    await inTransaction(this.dataSource, async (runner) => {
      await runSql(runner, CREATE, { ...fresh, caps, claims: claims === undefined ? null : JSON.stringify(claims) })
      await runSql(runner, FIRST_TOKEN, { hash: refreshHash, sid: fresh.sid, createdAt: fresh.createdAt })
    })
  }

  async rotate(refreshHash: string, rotation: Rotation, now: number): Promise<RotateResult> {
    const { result, revocation } = await inTransaction(this.dataSource, (runner) => rotateRefreshToken(runner, refreshHash, rotation, now))
    if (revocation) this.listeners.emit(revocation)
    return result
  }

  async revoke(sid: string, now: number): Promise<boolean> {
    const revocation = await inTransaction(this.dataSource, (runner) => revokeSession(runner, sid, now))
    if (revocation) this.listeners.emit(revocation)
    return revocation !== undefined
  }

  async recordRevocation(revocation: Revocation, now: number): Promise<boolean> {
    const checked = checkRevocation(revocation, now)
    const recorded = await inTransaction(this.dataSource, (runner) => recordRevokedSid(runner, checked, now))
    if (recorded) this.listeners.emit(recorded)
    return recorded !== undefined
  }

  async revokeByRefresh(refreshHash: string, now: number): Promise<string | undefined> {
    const { live, revocation } = await inTransaction(this.dataSource, async (runner) => {
      const [owner] = (await runSql(runner, OWNER, { hash: refreshHash })).rows
      if (owner === undefined) return { live: undefined, revocation: undefined }
      const sid = owner.sid as string
      const live = owner.revoked_at === null && Number(owner.expires_at) > now ? sid : undefined
      return { live, revocation: await revokeSession(runner, sid, now) }
    })
    if (revocation) this.listeners.emit(revocation)
    return live
  }

  async get(sid: string): Promise<StoredSession | undefined> {
    const { rows } = await inTurn(this.dataSource, (runner) => runSql(runner, `SELECT ${SESSION_COLUMNS} FROM auth_session WHERE sid = :sid`, { sid }))
    return rows.length === 0 ? undefined : toStoredSession(rows[0])
  }

  async findByRefresh(refreshHash: string): Promise<StoredSession | undefined> {
    const { rows } = await inTurn(this.dataSource, (runner) => runSql(runner, BY_REFRESH, { hash: refreshHash }))
    return rows.length === 0 ? undefined : toStoredSession(rows[0])
  }

  async revocationsSince(cursor: string | undefined, now: number): Promise<RevocationPage> {
    const after = parseCursor(cursor)
    const limit = this.options.revocationPageSize
    const { rows } = await inTurn(this.dataSource, (runner) => runSql(runner, POLL, { after, limit }))
    const revoked = rows.filter((row) => Number(row.access_expires_at) > now).map((row): Revocation => ({ sid: row.sid as string, until: Number(row.access_expires_at) }))
    const last = rows.length > 0 ? Number(rows[rows.length - 1].revoked_seq) : after
    return { revoked, cursor: String(last), more: rows.length === limit }
  }

  async sweep(now: number): Promise<number> {
    return inTransaction(this.dataSource, async (runner) => {
      const sids = new Set<string>()
      for (const query of FINISHED) {
        const limit = this.options.sweepBatch - sids.size
        if (limit > 0) for (const row of (await runSql(runner, query, { now, limit })).rows) sids.add(row.sid as string)
      }
      if (sids.size === 0) return 0
      await runSql(runner, 'DELETE FROM auth_refresh_token WHERE sid IN (:...sids)', { sids: [...sids] })
      await runSql(runner, 'DELETE FROM auth_session WHERE sid IN (:...sids)', { sids: [...sids] })
      return sids.size
    })
  }

  subscribe(listener: (revocation: Revocation) => void): () => void {
    return this.listeners.add(listener)
  }
}
