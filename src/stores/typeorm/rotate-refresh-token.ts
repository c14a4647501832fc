import type { QueryRunner } from 'typeorm'

import type { Revocation, RotateResult, Rotation } from '../session-store'
import { Rollback } from './in-transaction'
import { revokeSession } from './revoke-session'
import { runSql } from './run-sql'
import { SESSION_COLUMNS, toStoredSession } from './to-stored-session'

const INVALID = { outcome: 'invalid' } as const
const SPEND = 'UPDATE auth_refresh_token SET spent_at = :now WHERE hash = :hash AND spent_at IS NULL'
const OWNER = 'SELECT sid FROM auth_refresh_token WHERE hash = :hash'
// Only a live session takes the rotation; the access mark only grows.
const MARK = `UPDATE auth_session SET access_expires_at = CASE WHEN access_expires_at < :next THEN :next ELSE access_expires_at END
  WHERE sid = (${OWNER}) AND revoked_at IS NULL AND expires_at > :now`
const ADD = `INSERT INTO auth_refresh_token (hash, sid, created_at, spent_at) SELECT :nextHash, sid, :now, NULL FROM auth_refresh_token WHERE hash = :hash`
const SESSION = `SELECT ${SESSION_COLUMNS} FROM auth_session WHERE sid = (${OWNER})`

/**
 * One rotation inside the caller's transaction (see `TypeormSessionStore.rotate`). The race is
 * decided by the first UPDATE: it spends the token only if it is still current, and on
 * PostgreSQL a concurrent UPDATE of the same row waits for this transaction, then finds it spent.
 * @returns the result, and the revocation to announce when the token was reused.
 */
export async function rotateRefreshToken(
  runner: QueryRunner,
  hash: string,
  { nextHash, accessExpiresAt }: Rotation,
  now: number,
): Promise<{ result: RotateResult; revocation?: Revocation }> {
  const spent = await runSql(runner, SPEND, { hash, now })
  if (spent.affected !== 1) return notCurrent(runner, hash, now)
  // Revoked, expired or swept: undo the spending, so nothing of this call remains.
  if ((await runSql(runner, MARK, { hash, next: accessExpiresAt, now })).affected !== 1) throw new Rollback({ result: INVALID })
  await runSql(runner, ADD, { hash, nextHash, now })
  const { rows } = await runSql(runner, SESSION, { hash })
  return { result: { outcome: 'rotated', session: toStoredSession(rows[0]) } }
}

/** Unknown, or spent by an earlier rotation (or by a parallel one that won): that is reuse. */
async function notCurrent(runner: QueryRunner, hash: string, now: number): Promise<{ result: RotateResult; revocation?: Revocation }> {
  const { rows } = await runSql(runner, 'SELECT sid, spent_at FROM auth_refresh_token WHERE hash = :hash', { hash })
  if (rows.length === 0 || rows[0].spent_at === null) return { result: INVALID }
  const sid = rows[0].sid as string
  return { result: { outcome: 'reused', sid }, revocation: await revokeSession(runner, sid, now) }
}
