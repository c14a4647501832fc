import { ApiKeyExistsError } from '../stores/api-key-exists-error'
import { newApiKey } from '../login/api-keys/new-api-key'
import { CliError } from './cli-error'
import type { Command } from './command'
import { readCodeName } from './read-code-name'
import { DATABASE_PEERS } from './with-data-source'
import { withApiKeys } from './with-store-data-source'

/** `create-api-key <name>`: a key for `POST /auth/tokens`, printed once (only its hash is kept). */
export const createApiKey: Command = {
  name: 'create-api-key',
  args: '<name>',
  summary: 'Make an API key for POST /auth/tokens; prints the key once (only its hash is stored)',
  options: {},
  needs: DATABASE_PEERS,
  positionals: { min: 1, max: 1 },
  async run({ positionals: [given] }) {
    const name = readCodeName(given, 'create-api-key')
    const { key, hash } = newApiKey()
    await withApiKeys(async (keys) => {
      try {
        await keys.create(name, hash, Date.now())
      } catch (error) {
        if (error instanceof ApiKeyExistsError) throw new CliError(`an API key named ${name} already exists`)
        throw error
      }
    })
    // The key alone on stdout (for `KEY=$(jwt-hooks create-api-key chat)`); the note on stderr.
    process.stderr.write(`Created API key ${name}. It is shown only now: store it where the calling server reads it.\n`)
    process.stdout.write(`${key}\n`)
  },
}

/** `list-api-keys`: every key by name, when made, and whether revoked (never the key). */
export const listApiKeys: Command = {
  name: 'list-api-keys',
  args: '',
  summary: 'List API keys: name, created, active or revoked <when> (never a key)',
  options: {},
  needs: DATABASE_PEERS,
  positionals: { min: 0, max: 0 },
  async run() {
    const records = await withApiKeys((keys) => keys.list())
    if (records.length === 0) process.stderr.write('No API keys yet.\n')
    for (const { name, createdAt, revokedAt } of records) {
      const state = revokedAt === undefined ? 'active' : `revoked ${new Date(revokedAt).toISOString()}`
      process.stdout.write(`${name}\t${new Date(createdAt).toISOString()}\t${state}\n`)
    }
  },
}

/** `revoke-api-key <name>`: the key is refused from now on (401 invalid_api_key). */
export const revokeApiKey: Command = {
  name: 'revoke-api-key',
  args: '<name>',
  summary: 'Revoke an API key: POST /auth/tokens refuses it from now on',
  options: {},
  needs: DATABASE_PEERS,
  positionals: { min: 1, max: 1 },
  async run({ positionals: [given] }) {
    const name = readCodeName(given, 'revoke-api-key')
    const outcome = await withApiKeys(async (keys) => {
      if (await keys.revoke(name, Date.now())) return 'revoked'
      return (await keys.list()).some((record) => record.name === name) ? 'already' : 'unknown'
    })
    if (outcome === 'unknown') throw new CliError(`no API key named ${name}`)
    process.stdout.write(outcome === 'revoked' ? `Revoked API key ${name}.\n` : `Nothing to do: API key ${name} is revoked already.\n`)
  },
}

/** The commands that manage the API keys of server-to-server minting. */
export const API_KEY_COMMANDS: readonly Command[] = [createApiKey, listApiKeys, revokeApiKey]
