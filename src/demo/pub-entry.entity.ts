import { Column, Entity, PrimaryColumn } from 'typeorm'

/** One value of the demo's `/pub/*` store: the bytes a subject PUT at a path, with their type. */
@Entity('demo_pub_entry')
export class PubEntry {
  /** The token's `sub`: every subject has a store of its own (capabilities are self-granted). */
  @PrimaryColumn('varchar', { length: 255 })
  sub!: string

  /** The decoded request path, `/pub/app/notes/1`. */
  @PrimaryColumn('varchar', { length: 1024 })
  path!: string

  @Column('varchar', { length: 255 })
  contentType!: string

  /** The bytes as base64: one column type that SQLite and PostgreSQL both have. */
  @Column('text')
  body!: string
}
