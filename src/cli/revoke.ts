import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import { decode } from 'jsonwebtoken'

import { readJwtConfig } from '../config/jwt-config'
import { CliError, UsageError } from './cli-error'
import type { Command } from './command'
import { readFirstLine } from './read-first-line'
import { whyNotLive } from './why-not-live'

// Header and payload base64url, signature base64url or empty: what a compact JWS looks like.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * `revoke <token|-> [--force]`: appends the token to `settings.jwt.blackListFile`, which `isInFile`
 * watches. A token the configured key does not accept (another key's, expired, malformed) is
 * refused already, so listing it changes nothing: it is appended only with `--force`.
 */
export const revoke: Command = {
  name: 'revoke',
  args: '<token | -> [--force]',
  summary: 'Append a token the configured key accepts to the blacklist file (settings.jwt.blackListFile); - reads stdin; --force: any token',
  options: { force: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ positionals: [given], values }) {
    const token = (given === '-' ? await readFirstLine() : given).trim()
    // Never echo the argument: it may be a live token.
    if (!JWT_SHAPE.test(token)) throw new UsageError('the argument is not a JWT (three base64url parts joined by dots)', 'revoke')
    const config = readJwtConfig()
    const name = config.blackListFile
    const notLive = await whyNotLive(token, config)
    if (notLive !== undefined && values.force !== true) {
      const why = notLive.checked ? `${notLive.reason}, so servers using that key refuse it already` : notLive.reason
      throw new CliError(`not revoked: ${why}. Nothing was written; --force appends it anyway.`)
    }
    const file = resolve(name)
    const before = readIfPresent(file)
    if (before.split(/\r?\n/).some((line) => line.trim() === token)) {
      process.stdout.write(`That token is already revoked in ${name}.\n`)
      return
    }
    mkdirSync(dirname(file), { recursive: true })
    // A file made here is its owner's alone (mode 0600), as the server that watches it makes it.
    appendFileSync(file, `${before !== '' && !before.endsWith('\n') ? '\n' : ''}${token}\n`, { mode: 0o600 })
    if (notLive !== undefined) process.stderr.write(`jwt-hooks: --force: ${notLive.reason}; appended all the same.\n`)
    process.stdout.write(`Revoked ${describe(token)} in ${name}; servers watching that file refuse it now.\n`)
  },
}

/** Who the token was for and until when, without the token itself. */
function describe(token: string): string {
  const claims = decode(token, { json: true })
  if (claims === null) return 'the token'
  // JSON.stringify escapes control characters: a token's claims are not to drive the terminal.
  const subject = typeof claims.sub === 'string' ? ` of subject ${JSON.stringify(claims.sub.slice(0, 100))}` : ''
  const expires = typeof claims.exp === 'number' ? ` (expires ${new Date(claims.exp * 1000).toISOString()})` : ''
  return `the token${subject}${expires}`
}

function readIfPresent(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
}
