import { BaseEntity, Column, Entity, PrimaryColumn } from 'typeorm'

/**
 * A user whose Ed25519 key is their identity (Pubky, Textile): no email, no password. Made on the
 * key's first successful sign-in (challenge over HTTP or WebSocket, or a Pubky AuthToken), its
 * `lastSignInAt` moved on each one. The token's `sub` is `publicKey`, so `fetchUser(KeyIdentity)`
 * loads it. `createDataSource` registers it beside `User`.
 * @example
 * @JWTRequired({ user: fetchUser(KeyIdentity), sessions })
 */
@Entity({ name: 'key_identity' })
export class KeyIdentity extends BaseEntity {
  /** The key as z-base-32 (52 characters), whatever form it was sent in. */
  @PrimaryColumn({ name: 'public_key', type: 'varchar', length: 52 })
  publicKey!: string

  /** The first successful sign-in. */
  @Column({ name: 'created_at' })
  createdAt!: Date

  /** The latest successful sign-in. */
  @Column({ name: 'last_sign_in_at' })
  lastSignInAt!: Date
}
