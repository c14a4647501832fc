import { KEY_NAME, readJwtConfig } from '../config/jwt-config'
import { loadConfig, toEnvName, type Config } from '../config/load-config'
import { appendToDotenv } from './append-to-dotenv'
import { CliError } from './cli-error'
import { newSecret } from './new-secret'

const VARIABLE = toEnvName(KEY_NAME)

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
  const config = readJwtConfig(withoutEmptyDotenvKey(loadConfig({ cwd })))
  if (config.secretOrPublicKey !== undefined) return { written: false, source: config.secretOrPublicKeySource ?? 'configuration' }
  if (config.privateKey !== undefined) {
    throw new CliError('"settings.jwt.privateKey" is set: configure its public key as "settings.jwt.secretOrPublicKey", not a secret')
  }
  // A later line wins in .env, so appending also fixes an empty `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=`.
  const file = appendToDotenv(cwd, [`${VARIABLE}=${newSecret()}`])
  return { written: true, file }
}

/**
 * The configuration with an empty key line in `.env` read as absent when no layer below sets the
 * key: this command is how that line gets a value (the appended line wins). Anywhere else an
 * empty key stays an error, so one that would hide a key in config/ is named, not shadowed anew.
 */
function withoutEmptyDotenvKey(config: Config): Config {
  const [first, ...below] = config.all(KEY_NAME)
  const emptyInDotenv = first !== undefined && first.source.startsWith('.env') && typeof first.value === 'string' && first.value.trim() === ''
  if (!emptyInDotenv || below.length > 0) return config
  return { get: (key) => (key === KEY_NAME ? undefined : config.get(key)), all: (key) => (key === KEY_NAME ? [] : config.all(key)) }
}
