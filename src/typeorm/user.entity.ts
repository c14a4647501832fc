import { hashPassword } from '@foal/core'
import { Column, Entity } from 'typeorm'

import { UserWithPermissions } from './user-with-permissions.entity'

/**
 * A user who logs in with email and password; the token's `sub` is its id. It has groups and
 * permissions (UserWithPermissions): a DataSource with `User` also needs `Group` and `Permission`.
 */
@Entity()
export class User extends UserWithPermissions {
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
