import type { FindOptionsRelations } from 'typeorm'

import { byPrimaryKey } from '../typeorm/by-primary-key'
import { toNumericId } from '../typeorm/to-numeric-id'
import { User } from '../typeorm/user.entity'
import { CliError, UsageError } from './cli-error'

/**
 * The user a command line names by id (`12`) or email (any case: stored in lower case), with
 * the relations asked for. The DataSource must be open.
 * @throws UsageError when the argument is neither; CliError when no such user exists.
 */
export async function findUser(given: string, command: string, relations: FindOptionsRelations<User> = {}): Promise<User> {
  const where = given.includes('@') ? { email: given.toLowerCase() } : { id: toNumericId(given) }
  if (where.id === undefined && where.email === undefined) {
    throw new UsageError(`"${JSON.stringify(given).slice(1, -1)}" is neither a user id nor an email address`, command)
  }
  // A well-formed id the key column cannot hold (beyond a 32-bit integer on PostgreSQL) names no user, as for a token.
  if (where.id !== undefined && byPrimaryKey(User, undefined, command).where(given) === undefined) throw new CliError(`no user with id ${where.id}`)
  // find, not findOne: with joins, a LIMIT costs TypeORM a second query.
  const [user] = await User.find({ where, relations })
  if (user === undefined) throw new CliError(where.email !== undefined ? `no user with email ${where.email}` : `no user with id ${where.id}`)
  return user
}
