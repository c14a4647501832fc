import { hashPassword } from '@foal/core'
import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm'

/** A user who logs in with email and password; the token's `sub` is its id. */
@Entity()
export class User extends BaseEntity {
  @PrimaryGeneratedColumn()
  id!: number

  @Column({ unique: true })
  email!: string

  /** A PBKDF2 hash from @foal/core, never the password itself. */
  @Column()
  password!: string

  /** Hashes and stores a new password (PBKDF2, @foal/core `hashPassword`). */
  async setPassword(password: string): Promise<void> {
    this.password = await hashPassword(password)
  }
}
