import { isAbsolute, resolve } from 'node:path'

import type { KeyResolver } from '../core/keys/key-resolver'
import { isKeyError } from '../core/keys/key-error'
import { createKeySet } from '../core/keys/key-set'
import { readKey } from '../core/keys/read-key'
import { createRemoteJwks } from '../core/keys/remote-jwks'
import { staticKeyOf } from '../core/keys/static-key'
import { ConfigError } from './config-error'
import { JWKS_URL_NAME, KEY_NAME, KEYS_NAME, type JwtConfig } from './jwt-config'
import { describeParseError, readIfPresent } from './load-config'

/**
 * The verification keys the configuration names, read and checked now: `settings.jwt.keys` (a
 * JWKS), else `settings.jwt.jwksUrl` (a remote JWKS), else `settings.jwt.secretOrPublicKey`.
 * @returns undefined when none is set.
 * @throws ConfigError naming the key and the file (or variable) for a value that cannot be read:
 *   JSON that does not parse, a file that is missing, a JWKS with a private key…
 */
export function configuredKeys(config: JwtConfig, cwd = process.cwd()): KeyResolver | undefined {
  if (config.keys !== undefined) return keySetOf(config.keys, config.keysSource!, cwd)
  if (config.jwksUrl !== undefined) {
    return asConfigError(JWKS_URL_NAME, config.jwksUrlSource!, () => createRemoteJwks(config.jwksUrl!, {}, `"${JWKS_URL_NAME}" from ${config.jwksUrlSource}`))
  }
  const source = `"${KEY_NAME}" from ${config.secretOrPublicKeySource ?? 'configuration'}`
  const key = readKey(config.secretOrPublicKey, source)
  return key === undefined ? undefined : staticKeyOf(key)
}

// The set itself (a YAML or JSON config file), its JSON text, or a path to a .json file.
function keySetOf(value: unknown, source: string, cwd: string): KeyResolver {
  if (typeof value === 'object' && value !== null) return asConfigError(KEYS_NAME, source, () => createKeySet(value as never, `"${KEYS_NAME}" from ${source}`))
  if (typeof value !== 'string') throw new ConfigError(KEYS_NAME, source, 'must be a JWKS: its JSON text, or the path to a .json file')
  if (value.trimStart().startsWith('{')) return fromJson(value, source, source)
  const path = isAbsolute(value) ? value : resolve(cwd, value)
  let text: string | undefined
  try {
    text = readIfPresent(path)
  } catch (error) {
    throw new ConfigError(KEYS_NAME, source, `${value} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  if (text === undefined) throw new ConfigError(KEYS_NAME, source, `${value} does not exist (a JWKS: its JSON text, or the path to a .json file)`)
  return fromJson(text, source, `${value} (named by ${source})`)
}

function fromJson(text: string, source: string, file: string): KeyResolver {
  let jwks: unknown
  try {
    jwks = JSON.parse(text)
  } catch (error) {
    // Never quoted: a key set of one's own may hold shared secrets.
    throw new ConfigError(KEYS_NAME, file, `invalid JSON: ${describeParseError(error as Error, text)}`)
  }
  return asConfigError(KEYS_NAME, file, () => createKeySet(jwks as never, `"${KEYS_NAME}" from ${file}`))
}

// A key that cannot be read is a configuration error: the message names the key and the file.
function asConfigError<T>(key: string, file: string, read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (!isKeyError(error)) throw error
    throw new ConfigError(key, file, error.at === '' ? error.reason : `${error.at}: ${error.reason}`)
  }
}
