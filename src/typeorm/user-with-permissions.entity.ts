import type { IUserWithPermissions } from '@foal/core'
import { BaseEntity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm'

import { Group } from './group.entity'
import { Permission } from './permission.entity'

/**
 * What an app's user entity extends to have groups and permissions, as with @foal/typeorm (same
 * columns and join tables: `<user>_groups_group`, `<user>_user_permissions_permission`). Register
 * `Group` and `Permission` in the DataSource beside the user entity.
 * @example
 * @Entity()
 * export class User extends UserWithPermissions {
 *   @Column({ unique: true }) email!: string
 * }
 * // new DataSource({ ..., entities: [User, Group, Permission] })
 */
export abstract class UserWithPermissions extends BaseEntity implements IUserWithPermissions {
  @PrimaryGeneratedColumn()
  id!: number

  @ManyToMany(() => Group)
  @JoinTable()
  groups!: Group[]

  @ManyToMany(() => Permission)
  @JoinTable()
  userPermissions!: Permission[]

  /**
   * Whether the user holds the permission, directly or through one of its groups. Reads only what
   * is loaded, never the database: load the user with `fetchUserWithPermissions`, or a user
   * without its relations has no permission at all (fail closed).
   * @param codeName the permission's `codeName`.
   */
  hasPerm(codeName: string): boolean {
    for (const permission of this.userPermissions ?? []) {
      if (permission.codeName === codeName) return true
    }
    for (const group of this.groups ?? []) {
      for (const permission of group.permissions ?? []) {
        if (permission.codeName === codeName) return true
      }
    }
    return false
  }
}
