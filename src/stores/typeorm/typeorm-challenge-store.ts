import type { DataSource } from 'typeorm'

import type { ChallengeStore, PendingChallenge } from '../challenge-store'
import { checkChallengeStoreOptions, type ChallengeStoreOptions } from '../check-challenge-store-options'
import { StoreLimitError } from '../store-limit-error'
import { AuthChallenge } from './auth-challenge.entity'
import { inTransaction } from './in-transaction'
import { StoreCounter } from './store-counter.entity'

const PUTS = 'challenge-puts'
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
    await inTransaction(this.dataSource, async (runner) => {
      const build = () => runner.manager.createQueryBuilder()
      // Puts take turns on a counter row's lock, so two parallel ones cannot both count below the
      // bound and both insert (PostgreSQL; SQLite has one writer anyway).
      await build().insert().into(StoreCounter).values({ name: PUTS, value: 0 }).orIgnore().execute()
      await build().update(StoreCounter).set({ value: () => 'value + 1' }).where('name = :name', { name: PUTS }).execute()
      const live = () => build().select('c.id').from(AuthChallenge, 'c').where('c.expires_at > :now', { now })
      const forKey = await live().andWhere('c.public_key = :key', { key: challenge.publicKeyZ32 }).getCount()
      if (forKey >= this.maxPerKey) throw new StoreLimitError('challenges', 'key', this.maxPerKey)
      if ((await live().getCount()) >= this.maxTotal) throw new StoreLimitError('challenges', 'total', this.maxTotal)
      const { id, publicKeyZ32, caps, text, expiresAt } = challenge
      await build().insert().into(AuthChallenge).values({ id, publicKeyZ32, caps, text, expiresAt }).execute()
    })
  }

  async take(id: string, now: number): Promise<PendingChallenge | undefined> {
    return inTransaction(this.dataSource, async (runner) => {
      const build = () => runner.manager.createQueryBuilder()
      const row = await build().select('c').from(AuthChallenge, 'c').where('c.id = :id', { id }).getOne()
      if (row === null) return undefined
      const deleted = await build().delete().from(AuthChallenge).where('id = :id', { id }).execute()
      if (deleted.affected !== 1 || row.expiresAt <= now) return undefined
      const { publicKeyZ32, caps, text, expiresAt } = row
      return { id: row.id, publicKeyZ32, caps, text, expiresAt }
    })
  }

  async sweep(now: number): Promise<number> {
    return inTransaction(this.dataSource, async (runner) => {
      const build = () => runner.manager.createQueryBuilder()
      const rows = await build().select('c.id', 'id').from(AuthChallenge, 'c').where('c.expires_at <= :now', { now }).limit(SWEEP_BATCH).getRawMany()
      const ids = rows.map((row) => row.id as string)
      if (ids.length > 0) await build().delete().from(AuthChallenge).where('id IN (:...ids)', { ids }).execute()
      return ids.length
    })
  }
}
