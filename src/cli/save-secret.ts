import { appendFileSync } from 'node:fs'
import { join } from 'node:path'

import { readJwtConfig } from '../config/jwt-config'
import { loadConfig, readIfPresent, toEnvName } from '../config/load-config'
import { CliError } from './cli-error'
import { newSecret } from './new-secret'

const VARIABLE = toEnvName('settings.jwt.secretOrPublicKey')

/** What `createsecret --save` did: wrote `.env`, or found a key already configured. */
export type SaveSecretResult = { written: true; file: string } | { written: false; source: string }

/**
 * Appends a fresh secret to `.env` as `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=…`, only when no key is
 * configured in any layer (environment, `.env`, `config/`): running it twice changes nothing, and
 * it never overwrites a key.
 * @param cwd the directory whose `.env` and `config/` count.
 * @throws ConfigError for a broken configuration; CliError when a private key is set without its public key.
 */
export function saveSecret(cwd = process.cwd()): SaveSecretResult {
  const config = readJwtConfig(loadConfig({ cwd }))
  if (config.secretOrPublicKey !== undefined) return { written: false, source: config.secretOrPublicKeySource ?? 'configuration' }
  if (config.privateKey !== undefined) {
    throw new CliError('"settings.jwt.privateKey" is set: configure its public key as "settings.jwt.secretOrPublicKey", not a secret')
  }
  const file = join(cwd, '.env')
  const before = readIfPresent(file)
  const separator = before !== undefined && before !== '' && !before.endsWith('\n') ? '\n' : ''
  // A later line wins in .env, so appending also fixes an empty `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=`.
  appendFileSync(file, `${separator}${VARIABLE}=${newSecret()}\n`, { mode: 0o600 })
  return { written: true, file }
}
