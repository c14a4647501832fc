import type { QueryRunner } from 'typeorm'

import type { Revocation } from '../session-store'
import { AuthSession } from './auth-session.entity'
import { StoreCounter } from './store-counter.entity'

const REVOCATIONS = 'revocations'

/**
 * Revokes a session inside the caller's transaction; answers the revocation, or `undefined` when
 * the session is unknown or revoked already.
 *
 * Why a counter: on PostgreSQL concurrent transactions commit in any order, so a poller reading
 * `id > cursor` of a plain sequence could see 11 before 10 commits and pass 10 by forever. Here
 * each revocation first increments one counter row, whose lock it holds until it commits: the
 * next revocation gets its number only after that commit, so numbers commit in order and a
 * poller's snapshot always holds every number up to the highest it sees. (SQLite runs one writer
 * at a time anyway.) The counter is taken before the session row, as everywhere, so two
 * revocations never wait for each other's locks in a circle.
 */
export async function revokeSession(runner: QueryRunner, sid: string, now: number): Promise<Revocation | undefined> {
  const build = () => runner.manager.createQueryBuilder()
  // A plain read takes no lock: skip the counter for what is already revoked or gone.
  const before = await build().select('s.revokedAt', 'revokedAt').from(AuthSession, 's').where('s.sid = :sid', { sid }).getRawOne()
  if (before === undefined || before.revokedAt !== null) return undefined
  await build().insert().into(StoreCounter).values({ name: REVOCATIONS, value: 0 }).orIgnore().execute()
  await build().update(StoreCounter).set({ value: () => 'value + 1' }).where('name = :name', { name: REVOCATIONS }).execute()
  const counter = await build().select('c.value', 'value').from(StoreCounter, 'c').where('c.name = :name', { name: REVOCATIONS }).getRawOne()
  const seq = Number(counter.value)
  const changed = await build()
    .update(AuthSession)
    .set({ revokedAt: now, revokedSeq: seq })
    .where('sid = :sid AND revoked_at IS NULL', { sid })
    .execute()
  if (changed.affected !== 1) return undefined
  const after = await build().select('s.accessExpiresAt', 'until').from(AuthSession, 's').where('s.sid = :sid', { sid }).getRawOne()
  return { sid, until: Number(after.until) }
}
