import { CliError } from './cli-error'
import type { Command } from './command'
import { readCodeName, readDisplayName } from './read-code-name'
import { DATABASE_PEERS, withDataSource } from './with-data-source'

const NAME = 'create-permission'

/** `create-permission <codeName> <name>`: adds a permission that users and groups can hold. */
export const createPermission: Command = {
  name: NAME,
  args: '<codeName> <name>',
  summary: 'Add a permission (code name as PermissionRequired asks for it, name for people)',
  options: {},
  positionals: { min: 2, max: 2 },
  needs: DATABASE_PEERS,
  async run({ positionals: [givenCode, givenName] }) {
    const codeName = readCodeName(givenCode, NAME)
    const name = readDisplayName(givenName, 255, NAME)
    await withDataSource(async ({ Permission, isUniqueViolation }) => {
      if (await Permission.existsBy({ codeName })) throw duplicate(codeName)
      try {
        await Permission.create({ codeName, name }).save()
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate(codeName)
        throw error
      }
      process.stdout.write(`Created permission ${codeName} (${name}).\n`)
    })
  },
}

function duplicate(codeName: string): CliError {
  return new CliError(`a permission with code name ${codeName} already exists`)
}
