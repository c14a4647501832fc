import type { Command } from './command'
import { DATABASE_PEERS, withDataSource } from './with-data-source'

/** `list-identities`: one line per key identity: key (z-base-32), created, last sign-in (ISO 8601), tab-separated. */
export const listIdentities: Command = {
  name: 'list-identities',
  args: '',
  summary: 'List key identities (public-key sign-in): key, created, last sign-in, tab-separated',
  options: {},
  positionals: { min: 0, max: 0 },
  needs: DATABASE_PEERS,
  async run() {
    const identities = await withDataSource(({ KeyIdentity }) => KeyIdentity.find({ order: { createdAt: 'ASC', publicKey: 'ASC' } }))
    if (identities.length === 0) process.stderr.write('No key identities yet.\n')
    for (const { publicKey, createdAt, lastSignInAt } of identities) {
      process.stdout.write(`${publicKey}\t${createdAt.toISOString()}\t${lastSignInAt.toISOString()}\n`)
    }
  },
}
