import { CliError } from './cli-error'
import type { Command } from './command'
import { describeUser } from './describe-user'
import { readCodeName } from './read-code-name'
import { DATABASE_PEERS, withDataSource } from './with-data-source'

const NAME = 'revoke-permission'

/** `revoke-permission <userId|email> <perm>`: takes back a permission given with `grant`. */
export const revokePermission: Command = {
  name: NAME,
  args: '<userId|email> <perm>',
  summary: 'Take back a permission given with grant (not one held through a group)',
  options: {},
  positionals: { min: 2, max: 2 },
  needs: DATABASE_PEERS,
  async run({ positionals: [givenUser, givenPermission] }) {
    const codeName = readCodeName(givenPermission, NAME)
    await withDataSource(async ({ User, findUser, findPermissions }) => {
      const user = await findUser(givenUser, NAME, { userPermissions: true, groups: { permissions: true } })
      const [permission] = await findPermissions([codeName])
      const direct = user.userPermissions.some((held) => held.id === permission.id)
      const groups = user.groups.filter((group) => group.permissions.some((held) => held.id === permission.id)).map((group) => group.codeName)
      const through = groups.length === 0 ? '' : `through group ${groups.sort().join(', ')}`
      // The one who asked wants the user without it: saying done while a group still gives it would mislead.
      if (!direct && groups.length > 0) throw new CliError(`${describeUser(user)} holds ${codeName} only ${through}; revoke-permission takes back only what grant gave`)
      if (!direct) {
        process.stdout.write(`Nothing to do: ${describeUser(user)} does not hold ${codeName}.\n`)
        return
      }
      await User.createQueryBuilder().relation('userPermissions').of(user.id).remove(permission.id)
      process.stdout.write(`Revoked ${codeName} from ${describeUser(user)}${through === '' ? '' : `; it still holds it ${through}`}.\n`)
    })
  },
}
