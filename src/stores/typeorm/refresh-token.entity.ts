import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

import { epochMsColumn } from './epoch-ms-column'

/** One refresh token of a session's family: its SHA-256 only, current or spent. */
@Entity({ name: 'auth_refresh_token' })
export class RefreshToken {
  @PrimaryColumn({ name: 'hash', type: 'varchar', length: 128 })
  hash!: string

  @Index()
  @Column({ name: 'sid', type: 'varchar', length: 64 })
  sid!: string

  @Column(epochMsColumn('created_at'))
  createdAt!: number

  /** When it was rotated away; presenting it after that is reuse. */
  @Column(epochMsColumn('spent_at', { nullable: true }))
  spentAt!: number | null
}
