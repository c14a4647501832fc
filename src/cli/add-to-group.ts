import type { Group } from '../typeorm/group.entity'
import type { User } from '../typeorm/user.entity'
import { CliError } from './cli-error'
import type { Command } from './command'
import { describeUser } from './describe-user'
import { readCodeName } from './read-code-name'
import { DATABASE_PEERS, withDataSource, type Database } from './with-data-source'

const NAME = 'add-to-group'

/** `add-to-group <userId|email> <group>`: the user holds the group's permissions from now on. */
export const addToGroup: Command = {
  name: NAME,
  args: '<userId|email> <group>',
  summary: "Put a user in a group (its code name): the user holds the group's permissions",
  options: {},
  positionals: { min: 2, max: 2 },
  needs: DATABASE_PEERS,
  async run({ positionals: [givenUser, givenGroup] }) {
    const codeName = readCodeName(givenGroup, NAME)
    await withDataSource(async (database) => {
      const user = await database.findUser(givenUser, NAME, { groups: true })
      const group = await database.Group.findOneBy({ codeName })
      if (group === null) throw new CliError(`no group with code name ${codeName} (create it with create-group)`)
      if (user.groups.some((held) => held.id === group.id) || !(await add(database, user, group))) {
        process.stdout.write(`Nothing to do: ${describeUser(user)} is already in group ${codeName}.\n`)
        return
      }
      process.stdout.write(`Added ${describeUser(user)} to group ${codeName}.\n`)
    })
  },
}

/** One row in the join table; false when another process added it in between. */
async function add({ User, isUniqueViolation }: Database, user: User, group: Group): Promise<boolean> {
  try {
    await User.createQueryBuilder().relation('groups').of(user.id).add(group.id)
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}
