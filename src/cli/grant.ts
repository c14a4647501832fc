import type { Permission } from '../typeorm/permission.entity'
import type { User } from '../typeorm/user.entity'
import type { Command } from './command'
import { describeUser } from './describe-user'
import { readCodeName } from './read-code-name'
import { DATABASE_PEERS, withDataSource, type Database } from './with-data-source'

const NAME = 'grant'

/** `grant <userId|email> <perm>`: the user holds the permission directly. */
export const grant: Command = {
  name: NAME,
  args: '<userId|email> <perm>',
  summary: 'Give a user the permission <perm> (its code name) directly, beside those of its groups',
  options: {},
  positionals: { min: 2, max: 2 },
  needs: DATABASE_PEERS,
  async run({ positionals: [givenUser, givenPermission] }) {
    const codeName = readCodeName(givenPermission, NAME)
    await withDataSource(async (database) => {
      const user = await database.findUser(givenUser, NAME, { userPermissions: true })
      const [permission] = await database.findPermissions([codeName])
      if (user.userPermissions.some((held) => held.id === permission.id) || !(await add(database, user, permission))) {
        process.stdout.write(`Nothing to do: ${describeUser(user)} already holds ${codeName}.\n`)
        return
      }
      process.stdout.write(`Granted ${codeName} to ${describeUser(user)}.\n`)
    })
  },
}

/** One row in the join table; false when another process added it in between. */
async function add({ User, isUniqueViolation }: Database, user: User, permission: Permission): Promise<boolean> {
  try {
    await User.createQueryBuilder().relation('userPermissions').of(user.id).add(permission.id)
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}
