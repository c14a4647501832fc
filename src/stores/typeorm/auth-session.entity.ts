import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

import { epochMsColumn } from './epoch-ms-column'

/** One sign-in (`StoredSession`) as `TypeormSessionStore` keeps it. */
@Entity({ name: 'auth_session' })
export class AuthSession {
  @PrimaryColumn({ name: 'sid', type: 'varchar', length: 64 })
  sid!: string

  @Column({ name: 'sub', type: 'varchar', length: 255 })
  sub!: string

  @Column({ name: 'caps', type: 'text', nullable: true })
  caps!: string | null

  /** The session's claims as JSON text. */
  @Column({ name: 'claims', type: 'text', nullable: true })
  claims!: string | null

  @Column(epochMsColumn('created_at'))
  createdAt!: number

  /** Indexed: `sweep` finds the sessions past their end by it. */
  @Index()
  @Column(epochMsColumn('expires_at'))
  expiresAt!: number

  @Column(epochMsColumn('access_expires_at'))
  accessExpiresAt!: number

  @Column(epochMsColumn('revoked_at', { nullable: true }))
  revokedAt!: number | null

  /**
   * The revocation's place in the order revocations commit in (see `revokeSession`): pollers
   * read `revoked_seq > cursor`, and `sweep` finds the revoked sessions by it. Unique, so two
   * revocations can never share a place.
   */
  @Index({ unique: true })
  @Column(epochMsColumn('revoked_seq', { nullable: true }))
  revokedSeq!: number | null
}
