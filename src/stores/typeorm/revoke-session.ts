import type { QueryRunner } from 'typeorm'

import type { Revocation } from '../session-store'
import { runSql } from './run-sql'

const STATE = 'SELECT revoked_at FROM auth_session WHERE sid = :sid'
const SEED = "INSERT INTO auth_store_counter (name, value) VALUES ('revocations', 0) ON CONFLICT (name) DO NOTHING"
const COUNT = "UPDATE auth_store_counter SET value = value + 1 WHERE name = 'revocations'"
const READ = "SELECT value FROM auth_store_counter WHERE name = 'revocations'"
const REVOKE = 'UPDATE auth_session SET revoked_at = :now, revoked_seq = :seq WHERE sid = :sid AND revoked_at IS NULL'
const UNTIL = 'SELECT access_expires_at FROM auth_session WHERE sid = :sid'
const TOMBSTONE = `INSERT INTO auth_session (sid, sub, caps, claims, created_at, expires_at, access_expires_at, revoked_at, revoked_seq)
  VALUES (:sid, '', NULL, NULL, :now, :now, :until, :now, :seq) ON CONFLICT (sid) DO NOTHING`

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
/**
 * Records a revoked sid the database holds no session of (`recordRevocation`), inside the
 * caller's transaction: a revoked row with no refresh token, numbered as `revokeSession` numbers,
 * swept once `until` is past. Answers the revocation, or `undefined` when the sid is there already.
 */
export async function recordRevokedSid(runner: QueryRunner, { sid, until }: Revocation, now: number): Promise<Revocation | undefined> {
  if ((await runSql(runner, STATE, { sid })).rows.length > 0) return undefined
  const seq = await nextSeq(runner)
  // ON CONFLICT: a concurrent sign-out of the same sid committed first; it recorded it.
  const { affected } = await runSql(runner, TOMBSTONE, { sid, now, until, seq })
  return affected === 1 ? { sid, until } : undefined
}

export async function revokeSession(runner: QueryRunner, sid: string, now: number): Promise<Revocation | undefined> {
  // A plain read takes no lock: skip the counter for what is already revoked or gone.
  const { rows } = await runSql(runner, STATE, { sid })
  if (rows.length === 0 || rows[0].revoked_at !== null) return undefined
  const seq = await nextSeq(runner)
  if ((await runSql(runner, REVOKE, { now, seq, sid })).affected !== 1) return undefined
  return { sid, until: Number((await runSql(runner, UNTIL, { sid })).rows[0].access_expires_at) }
}

async function nextSeq(runner: QueryRunner): Promise<number> {
  await runSql(runner, SEED)
  await runSql(runner, COUNT)
  return Number((await runSql(runner, READ)).rows[0].value)
}
