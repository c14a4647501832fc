import { CliError, UsageError } from './cli-error'
import type { Command } from './command'
import { readPassword } from './read-password'
import { DATABASE_PEERS, loadDatabase, withDataSource } from './with-data-source'

const MAX_EMAIL_LENGTH = 254

/** `create-user <email> [--password <password>]`: adds a user who can log in. */
export const createUser: Command = {
  name: 'create-user',
  args: '<email> [--password <password>]',
  summary: 'Add a user; without --password, prompt (hidden) on a terminal or read stdin',
  options: { password: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  needs: DATABASE_PEERS,
  async run({ positionals: [given], values }) {
    // Stored in lower case, as the login controller compares them.
    const email = given.toLowerCase()
    const { isEmail } = await loadDatabase()
    if (!isEmail(email) || email.length > MAX_EMAIL_LENGTH) throw new UsageError(`"${given}" is not an email address`, 'create-user')
    const password = await readPassword(values.password as string | undefined)
    await withDataSource(async ({ User, isUniqueViolation }) => {
      if (await User.existsBy({ email })) throw duplicate(email)
      const user = User.create({ email })
      await user.setPassword(password)
      try {
        await user.save()
      } catch (error) {
        // Another process added the same email in between: the unique column says so.
        if (isUniqueViolation(error)) throw duplicate(email)
        throw error
      }
      process.stdout.write(`Created user ${user.id} (${email}).\n`)
    })
  },
}

function duplicate(email: string): CliError {
  return new CliError(`a user with email ${email} already exists`)
}
