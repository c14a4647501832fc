import { Column, Entity, PrimaryColumn } from 'typeorm'

/**
 * Named counters of the TypeORM stores. Updating a row locks it until the transaction ends, so
 * the transactions that update one counter commit one after the other, in the counter's order.
 */
@Entity({ name: 'auth_store_counter' })
export class StoreCounter {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 })
  name!: string

  @Column({ name: 'value', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  value!: number
}
