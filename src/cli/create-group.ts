import { CliError } from './cli-error'
import type { Command } from './command'
import { readCodeName, readDisplayName } from './read-code-name'
import { DATABASE_PEERS, withDataSource } from './with-data-source'

const NAME = 'create-group'

/** `create-group <codeName> <name> [<perm>...]`: adds a group holding those permissions. */
export const createGroup: Command = {
  name: NAME,
  args: '<codeName> <name> [<perm>...]',
  summary: 'Add a group whose users hold the permissions <perm>... (code names; they must exist)',
  options: {},
  positionals: { min: 2, max: Infinity },
  needs: DATABASE_PEERS,
  async run({ positionals: [givenCode, givenName, ...givenPermissions] }) {
    const codeName = readCodeName(givenCode, NAME)
    const name = readDisplayName(givenName, 80, NAME)
    const codeNames = [...new Set(givenPermissions.map((given) => readCodeName(given, NAME)))]
    await withDataSource(async ({ Group, findPermissions, isUniqueViolation }) => {
      if (await Group.existsBy({ codeName })) throw duplicate(codeName)
      const permissions = await findPermissions(codeNames)
      try {
        await Group.create({ codeName, name, permissions }).save()
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate(codeName)
        throw error
      }
      const holding = codeNames.length === 0 ? 'no permissions yet' : `permissions ${codeNames.join(', ')}`
      process.stdout.write(`Created group ${codeName} (${name}) with ${holding}.\n`)
    })
  },
}

function duplicate(codeName: string): CliError {
  return new CliError(`a group with code name ${codeName} already exists`)
}
