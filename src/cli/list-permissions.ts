import type { User } from '../typeorm/user.entity'
import type { Command } from './command'
import { describeUser } from './describe-user'
import { DATABASE_PEERS, withDataSource } from './with-data-source'

const NAME = 'list-permissions'

/** `list-permissions [<userId|email>]`: every permission, or those a user holds and from where. */
export const listPermissions: Command = {
  name: NAME,
  args: '[<userId|email>]',
  summary: 'List permissions (code name, name), or what a user holds (code name, direct or group)',
  options: {},
  positionals: { min: 0, max: 1 },
  needs: DATABASE_PEERS,
  async run({ positionals: [givenUser] }) {
    if (givenUser === undefined) {
      const permissions = await withDataSource(({ Permission }) => Permission.find({ order: { codeName: 'ASC' } }))
      if (permissions.length === 0) process.stderr.write('No permissions yet.\n')
      for (const permission of permissions) process.stdout.write(`${permission.codeName}\t${permission.name}\n`)
      return
    }
    const user = await withDataSource(({ findUser }) => findUser(givenUser, NAME, { userPermissions: true, groups: { permissions: true } }))
    const lines = holdings(user)
    if (lines.length === 0) process.stderr.write(`No permissions: ${describeUser(user)} holds none.\n`)
    for (const line of lines) process.stdout.write(`${line}\n`)
  },
}

/** `codeName<TAB>direct` or `codeName<TAB>group <groupCodeName>`, one per way the user holds it, sorted. */
function holdings(user: User): string[] {
  const lines = user.userPermissions.map((permission) => `${permission.codeName}\tdirect`)
  for (const group of user.groups) {
    for (const permission of group.permissions) lines.push(`${permission.codeName}\tgroup ${group.codeName}`)
  }
  return lines.sort()
}
