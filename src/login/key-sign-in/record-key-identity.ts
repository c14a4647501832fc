import type { DataSource } from 'typeorm'

import { inTransaction } from '../../stores/typeorm/in-transaction'
import { KeyIdentity } from '../../typeorm/key-identity.entity'

/**
 * Records a successful sign-in of a key: its `KeyIdentity` row made on the first one, its
 * `lastSignInAt` moved on each. One statement (INSERT … ON CONFLICT DO UPDATE), so two first
 * sign-ins at once make one row; on SQLite in a `BEGIN IMMEDIATE` transaction, so it waits its
 * turn for the write lock beside the stores' DataSource on the same file.
 * @param dataSource the DataSource holding `KeyIdentity`.
 * @param publicKey the key as z-base-32.
 * @param at when.
 */
export async function recordKeyIdentity(dataSource: DataSource, publicKey: string, at: Date): Promise<void> {
  await inTransaction(dataSource, (runner) =>
    runner.manager
      .createQueryBuilder()
      .insert()
      .into(KeyIdentity)
      .values({ publicKey, createdAt: at, lastSignInAt: at })
      .orUpdate(['last_sign_in_at'], ['public_key'])
      .execute(),
  )
}
