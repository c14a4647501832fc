import type { Command } from './command'
import { DATABASE_PEERS, withDataSource } from './with-data-source'

/** `list-users`: one line per user, id and email separated by a tab. */
export const listUsers: Command = {
  name: 'list-users',
  args: '',
  summary: 'List users: id and email, tab-separated',
  options: {},
  positionals: { min: 0, max: 0 },
  needs: DATABASE_PEERS,
  async run() {
    const users = await withDataSource(({ User }) => User.find({ select: { id: true, email: true }, order: { id: 'ASC' } }))
    if (users.length === 0) process.stderr.write('No users yet.\n')
    for (const user of users) process.stdout.write(`${user.id}\t${user.email}\n`)
  },
}
