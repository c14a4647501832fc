import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm'

/**
 * A permission: the right to do one thing, named by its `codeName` (`delete-users`). Held by a
 * user directly (`userPermissions`) or through a group. Same table and columns as @foal/typeorm.
 * @example
 * await Permission.create({ codeName: 'delete-users', name: 'Delete users' }).save()
 */
@Entity()
export class Permission extends BaseEntity {
  @PrimaryGeneratedColumn()
  id!: number

  /** What it allows, in words, for people. */
  @Column()
  name!: string

  /** What code asks for: `PermissionRequired('delete-users')`, `user.hasPerm('delete-users')`. */
  @Column({ length: 100, unique: true })
  codeName!: string
}
