import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

import { epochMsColumn } from './epoch-ms-column'

/** A used one-time token (a Pubky AuthToken's `replayId`) as `TypeormReplayGuard` keeps it. */
@Entity({ name: 'auth_replay' })
export class UsedAuthToken {
  /** The primary key decides the race: of concurrent inserts of one id, one is first. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 128 })
  id!: string

  /** Indexed: the expired rows are deleted by it. */
  @Index()
  @Column(epochMsColumn('expires_at'))
  expiresAt!: number
}
