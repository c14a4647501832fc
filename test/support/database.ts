import { Column, DataSource, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm'

/** A user with a numeric primary key. */
@Entity()
export class Member {
  @PrimaryGeneratedColumn()
  id!: number

  @Column()
  email!: string
}

/** A user with a string primary key. */
@Entity()
export class Account {
  @PrimaryColumn()
  id!: string

  @Column()
  name!: string
}

/** A real SQLite database in memory, with one Member (id 1) and one Account (id `acc-1`). */
export function createTestDatabase(): DataSource {
  return new DataSource({ type: 'sqlite', database: ':memory:', entities: [Member, Account], synchronize: true })
}

export async function seed(dataSource: DataSource): Promise<void> {
  await dataSource.initialize()
  await dataSource.getRepository(Member).save({ email: 'member@example.com' })
  await dataSource.getRepository(Account).save({ id: 'acc-1', name: 'Account One' })
}
