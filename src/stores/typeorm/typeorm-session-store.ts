import type { DataSource } from 'typeorm'

import { checkNewSession } from '../check-new-session'
import { checkSessionStoreOptions, type SessionStoreOptions } from '../check-session-store-options'
import { parseCursor } from '../parse-cursor'
import { RevocationListeners } from '../revocation-listeners'
import type { NewSession, Revocation, RevocationPage, RotateResult, Rotation, SessionStore, StoredSession } from '../session-store'
import { AuthSession } from './auth-session.entity'
import { inTransaction, inTurn } from './in-transaction'
import { RefreshToken } from './refresh-token.entity'
import { revokeSession } from './revoke-session'
import { rotateRefreshToken } from './rotate-refresh-token'
import { toStoredSession } from './to-stored-session'

// Over, and no access token of it can still be valid: nothing needs the row any more.
const FINISHED = 's.access_expires_at <= :now AND (s.expires_at <= :now OR s.revoked_at IS NOT NULL)'

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
    const fresh = checkNewSession(session)
    await inTransaction(this.dataSource, async (runner) => {
      const build = () => runner.manager.createQueryBuilder()
      const claims = fresh.claims === undefined ? null : JSON.stringify(fresh.claims)
      await build().insert().into(AuthSession).values({ ...fresh, caps: fresh.caps ?? null, claims, revokedAt: null, revokedSeq: null }).execute()
      await build().insert().into(RefreshToken).values({ hash: refreshHash, sid: fresh.sid, createdAt: fresh.createdAt, spentAt: null }).execute()
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

  async revokeByRefresh(refreshHash: string, now: number): Promise<string | undefined> {
    const { live, revocation } = await inTransaction(this.dataSource, async (runner) => {
      const session = await runner.manager
        .createQueryBuilder()
        .select('s')
        .from(AuthSession, 's')
        .innerJoin(RefreshToken, 't', 't.sid = s.sid')
        .where('t.hash = :hash', { hash: refreshHash })
        .getOne()
      if (session === null) return { live: undefined, revocation: undefined }
      const live = session.revokedAt === null && session.expiresAt > now ? session.sid : undefined
      return { live, revocation: await revokeSession(runner, session.sid, now) }
    })
    if (revocation) this.listeners.emit(revocation)
    return live
  }

  async get(sid: string): Promise<StoredSession | undefined> {
    const row = await inTurn(this.dataSource, () => this.dataSource.createQueryBuilder().select('s').from(AuthSession, 's').where('s.sid = :sid', { sid }).getOne())
    return row === null ? undefined : toStoredSession(row)
  }

  async revocationsSince(cursor: string | undefined, now: number): Promise<RevocationPage> {
    const after = parseCursor(cursor)
    const rows = await inTurn(this.dataSource, () =>
      this.dataSource
        .createQueryBuilder()
        .select('s.sid', 'sid')
        .addSelect('s.accessExpiresAt', 'until')
        .addSelect('s.revokedSeq', 'seq')
        .from(AuthSession, 's')
        .where('s.revoked_seq > :after', { after })
        .orderBy('s.revoked_seq', 'ASC')
        .limit(this.options.revocationPageSize)
        .getRawMany(),
    )
    const revoked = rows.filter((row) => Number(row.until) > now).map((row): Revocation => ({ sid: row.sid, until: Number(row.until) }))
    const last = rows.length > 0 ? Number(rows[rows.length - 1].seq) : after
    return { revoked, cursor: String(last), more: rows.length === this.options.revocationPageSize }
  }

  async sweep(now: number): Promise<number> {
    return inTransaction(this.dataSource, async (runner) => {
      const build = () => runner.manager.createQueryBuilder()
      const rows = await build().select('s.sid', 'sid').from(AuthSession, 's').where(FINISHED, { now }).limit(this.options.sweepBatch).getRawMany()
      const sids = rows.map((row) => row.sid as string)
      if (sids.length === 0) return 0
      await build().delete().from(RefreshToken).where('sid IN (:...sids)', { sids }).execute()
      await build().delete().from(AuthSession).where('sid IN (:...sids)', { sids }).execute()
      return sids.length
    })
  }

  subscribe(listener: (revocation: Revocation) => void): () => void {
    return this.listeners.add(listener)
  }
}
