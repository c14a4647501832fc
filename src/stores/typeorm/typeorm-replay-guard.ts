import type { DataSource } from 'typeorm'

import type { ReplayGuard } from '../../login/pubky/replay-guard'
import { inTurn } from './in-transaction'
import { runSql } from './run-sql'

/** Options of `TypeormReplayGuard`. */
export interface TypeormReplayGuardOptions {
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number
  /** Expired rows deleted at most per claim (default 100), at most once a second. */
  sweepBatch?: number
}

// An expired row of the same id counts as free: its token could not be accepted any more.
const CLAIM = `INSERT INTO auth_replay (id, expires_at) VALUES (:id, :expiresAt)
  ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at WHERE auth_replay.expires_at <= :now`
const SWEEP = 'DELETE FROM auth_replay WHERE id IN (SELECT id FROM auth_replay WHERE expires_at <= :now LIMIT :limit)'
const SWEEP_EVERY_MS = 1_000

/**
 * Pubky AuthTokens already used, in the TypeORM database (the `auth_replay` table of
 * `STORE_ENTITIES`), shared by every process on it, as the Redis guard is on Redis: each claim is
 * one `INSERT … ON CONFLICT` on the primary key, which the database decides alone, so of any number
 * of concurrent claims of one id, in any processes, exactly one is `true`. Expired rows are
 * deleted on the way, a bounded batch at a time. A fault rejects with the database's error, and
 * the sign-in answers 503: a token is never accepted unclaimed.
 * @example
 * const replayGuard = new TypeormReplayGuard(storeDataSource)
 * const signIn = createKeySignIn({ host: 'example.com', ...createSignInStores(storeDataSource), replayGuard })
 */
export class TypeormReplayGuard implements ReplayGuard {
  private readonly now: () => number
  private readonly sweepBatch: number
  private sweptAt = -Infinity

  /**
   * @param dataSource an initialized DataSource whose entities include `STORE_ENTITIES`.
   * @param options clock, sweep batch.
   * @throws TypeError for a bad option.
   */
  constructor(private readonly dataSource: DataSource, { now = Date.now, sweepBatch = 100 }: TypeormReplayGuardOptions = {}) {
    if (typeof now !== 'function') throw new TypeError('jwt-hooks: "now" must be a function')
    if (!Number.isInteger(sweepBatch) || sweepBatch < 1) throw new TypeError('jwt-hooks: "sweepBatch" must be a whole number >= 1')
    this.now = now
    this.sweepBatch = sweepBatch
  }

  async claim(id: string, expiresAtMs: number): Promise<boolean> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 128 || !Number.isFinite(expiresAtMs)) {
      throw new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a string of 1 to 128 characters and a finite number')
    }
    const now = Math.floor(this.now())
    // Already past: it could not be accepted again anyway (as the memory guard answers).
    if (expiresAtMs <= now) return true
    const expiresAt = Math.ceil(expiresAtMs)
    return inTurn(this.dataSource, async (runner) => {
      if (now - this.sweptAt >= SWEEP_EVERY_MS) {
        this.sweptAt = now
        await runSql(runner, SWEEP, { now, limit: this.sweepBatch })
      }
      return (await runSql(runner, CLAIM, { id, expiresAt, now })).affected === 1
    })
  }
}
