import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

import { epochMsColumn } from './epoch-ms-column'

/** An API key of server-to-server minting: its name and the SHA-256 of the key, never the key. */
@Entity({ name: 'auth_api_key' })
export class ApiKey {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 255 })
  name!: string

  /** Looked up by this unique index, then compared in constant time. */
  @Index({ unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 128 })
  keyHash!: string

  @Column(epochMsColumn('created_at'))
  createdAt!: number

  @Column(epochMsColumn('revoked_at', { nullable: true }))
  revokedAt!: number | null
}
