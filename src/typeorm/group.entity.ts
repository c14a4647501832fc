import { BaseEntity, Column, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm'

import { Permission } from './permission.entity'

/**
 * A group of users (`admin`, a pricing plan): its permissions apply to each of its users. Same
 * table, columns and join table (`group_permissions_permission`) as @foal/typeorm.
 * @example
 * await Group.create({ codeName: 'admin', name: 'Administrators', permissions: [deleteUsers] }).save()
 */
@Entity()
export class Group extends BaseEntity {
  @PrimaryGeneratedColumn()
  id!: number

  @Column({ length: 80 })
  name!: string

  @Column({ length: 100, unique: true })
  codeName!: string

  @ManyToMany(() => Permission)
  @JoinTable()
  permissions!: Permission[]
}
