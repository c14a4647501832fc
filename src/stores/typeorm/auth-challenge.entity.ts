import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

import { epochMsColumn } from './epoch-ms-column'

/** A pending sign-in challenge (`PendingChallenge`) as `TypeormChallengeStore` keeps it. */
@Entity({ name: 'auth_challenge' })
export class AuthChallenge {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 128 })
  id!: string

  @Index()
  @Column({ name: 'public_key', type: 'varchar', length: 64 })
  publicKeyZ32!: string

  @Column({ name: 'caps', type: 'text' })
  caps!: string

  @Column({ name: 'text', type: 'text' })
  text!: string

  @Index()
  @Column(epochMsColumn('expires_at'))
  expiresAt!: number
}
