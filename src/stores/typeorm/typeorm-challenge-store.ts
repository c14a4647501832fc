import type { DataSource } from 'typeorm'

import type { ChallengeStore, PendingChallenge } from '../challenge-store'
import { checkChallengeStoreOptions, type ChallengeStoreOptions } from '../check-challenge-store-options'
import { StoreLimitError } from '../store-limit-error'
import { inTransaction } from './in-transaction'
import { runSql } from './run-sql'

// Puts take turns on a counter row's lock, so two parallel ones cannot both count below the
// bound and both insert (PostgreSQL; SQLite has one writer anyway).
const SEED = "INSERT INTO auth_store_counter (name, value) VALUES ('challenge-puts', 0) ON CONFLICT (name) DO NOTHING"
const TURN = "UPDATE auth_store_counter SET value = value + 1 WHERE name = 'challenge-puts'"
const FOR_KEY = 'SELECT COUNT(*) AS n FROM auth_challenge WHERE public_key = :key AND expires_at > :now'
const IN_ALL = 'SELECT COUNT(*) AS n FROM auth_challenge WHERE expires_at > :now'
const PUT = 'INSERT INTO auth_challenge (id, public_key, caps, text, expires_at) VALUES (:id, :publicKeyZ32, :caps, :text, :expiresAt)'
const FIND = 'SELECT id, public_key, caps, text, expires_at FROM auth_challenge WHERE id = :id'
const SWEEP_BATCH = 500

/**
 * Pending challenges in the TypeORM database, shared by every process on it. A `take` deletes
 * the row in its transaction and answers it only when its DELETE removed it, so one of any
 * number of parallel takes wins.
 */
export class TypeormChallengeStore implements ChallengeStore {
  readonly maxPerKey: number
  readonly maxTotal: number

  /**
   * @param dataSource an initialized DataSource whose entities include `STORE_ENTITIES`.
   * @param options the bounds (default 5 live challenges per key, 10,000 in all).
   */
  constructor(private readonly dataSource: DataSource, options: ChallengeStoreOptions = {}) {
    ;({ maxPerKey: this.maxPerKey, maxTotal: this.maxTotal } = checkChallengeStoreOptions(options))
  }

  async put(challenge: PendingChallenge, now: number): Promise<void> {
    const { id, publicKeyZ32, caps, text, expiresAt } = challenge
    await inTransaction(this.dataSource, async (runner) => {
      await runSql(runner, SEED)
      await runSql(runner, TURN)
      const count = async (sql: string) => Number((await runSql(runner, sql, { key: publicKeyZ32, now })).rows[0].n)
      if ((await count(FOR_KEY)) >= this.maxPerKey) throw new StoreLimitError('live challenges', 'key', this.maxPerKey)
      if ((await count(IN_ALL)) >= this.maxTotal) throw new StoreLimitError('live challenges', 'total', this.maxTotal)
      await runSql(runner, PUT, { id, publicKeyZ32, caps, text, expiresAt })
    })
  }

  async take(id: string, now: number): Promise<PendingChallenge | undefined> {
    return inTransaction(this.dataSource, async (runner) => {
      const [row] = (await runSql(runner, FIND, { id })).rows
      if (row === undefined) return undefined
      const deleted = await runSql(runner, 'DELETE FROM auth_challenge WHERE id = :id', { id })
      const expiresAt = Number(row.expires_at)
      if (deleted.affected !== 1 || expiresAt <= now) return undefined
      return { id, publicKeyZ32: row.public_key as string, caps: row.caps as string, text: row.text as string, expiresAt }
    })
  }

  async sweep(now: number): Promise<number> {
    return inTransaction(this.dataSource, async (runner) => {
      const found = await runSql(runner, 'SELECT id FROM auth_challenge WHERE expires_at <= :now LIMIT :limit', { now, limit: SWEEP_BATCH })
      const ids = found.rows.map((row) => row.id as string)
      if (ids.length > 0) await runSql(runner, 'DELETE FROM auth_challenge WHERE id IN (:...ids)', { ids })
      return ids.length
    })
  }
}
