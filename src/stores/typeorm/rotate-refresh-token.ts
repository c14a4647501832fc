import type { QueryRunner } from 'typeorm'

import type { Revocation, RotateResult, Rotation } from '../session-store'
import { AuthSession } from './auth-session.entity'
import { Rollback } from './in-transaction'
import { RefreshToken } from './refresh-token.entity'
import { revokeSession } from './revoke-session'
import { toStoredSession } from './to-stored-session'

const INVALID = { outcome: 'invalid' } as const

/**
 * One rotation inside the caller's transaction (see `TypeormSessionStore.rotate`). The race is
 * decided by the first UPDATE: it spends the token only if it is still current, and on
 * PostgreSQL a concurrent UPDATE of the same row waits for this transaction, then finds it spent.
 * @returns the result, and the revocation to announce when the token was reused.
 */
export async function rotateRefreshToken(
  runner: QueryRunner,
  refreshHash: string,
  { nextHash, accessExpiresAt }: Rotation,
  now: number,
): Promise<{ result: RotateResult; revocation?: Revocation }> {
  const build = () => runner.manager.createQueryBuilder()
  const spent = await build()
    .update(RefreshToken)
    .set({ spentAt: now })
    .where('hash = :hash AND spent_at IS NULL', { hash: refreshHash })
    .execute()
  const token = await build().select('t.sid', 'sid').addSelect('t.spentAt', 'spent').from(RefreshToken, 't').where('t.hash = :hash', { hash: refreshHash }).getRawOne()
  if (token === undefined) return { result: INVALID }
  if (spent.affected !== 1) {
    // Not current: spent by an earlier rotation (or a parallel one that won), which is reuse.
    if (token.spent === null) return { result: INVALID }
    const revocation = await revokeSession(runner, token.sid, now)
    return { result: { outcome: 'reused', sid: token.sid }, revocation }
  }
  const live = await build()
    .update(AuthSession)
    .set({ accessExpiresAt: () => 'CASE WHEN access_expires_at < :next THEN :next ELSE access_expires_at END' })
    .setParameter('next', accessExpiresAt)
    .where('sid = :sid AND revoked_at IS NULL AND expires_at > :now', { sid: token.sid, now })
    .execute()
  // Revoked, expired or swept: undo the spending, so nothing of this call remains.
  if (live.affected !== 1) throw new Rollback({ result: INVALID })
  await build().insert().into(RefreshToken).values({ hash: nextHash, sid: token.sid, createdAt: now, spentAt: null }).execute()
  const session = await build().select('s').from(AuthSession, 's').where('s.sid = :sid', { sid: token.sid }).getOneOrFail()
  return { result: { outcome: 'rotated', session: toStoredSession(session) } }
}
