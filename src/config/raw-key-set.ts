import { isAbsolute, resolve } from 'node:path'

import { ConfigError } from './config-error'
import { KEYS_NAME } from './jwt-config'
import { describeParseError, readIfPresent } from './load-config'

/** `settings.jwt.keys` as JSON, before any key of it is read, and where it came from. */
export interface RawKeySet {
  jwks: unknown
  /** The file or variable it was read from, for messages (`keys.json (named by .env (SETTINGS_JWT_KEYS))`). */
  file: string
}

/**
 * The value of `settings.jwt.keys` as JSON: the set itself (a YAML or JSON config file), its JSON
 * text, or the path to a .json file (relative to `cwd`).
 * @param value the configured value.
 * @param source where it was set.
 * @throws ConfigError naming the key and the file for a value of no such kind, a missing or unreadable file, JSON that does not parse.
 */
export function rawKeySet(value: unknown, source: string, cwd: string): RawKeySet {
  if (typeof value === 'object' && value !== null) return { jwks: value, file: source }
  if (typeof value !== 'string') throw new ConfigError(KEYS_NAME, source, 'must be a JWKS: its JSON text, or the path to a .json file')
  if (value.trimStart().startsWith('{')) return { jwks: parse(value, source), file: source }
  const path = isAbsolute(value) ? value : resolve(cwd, value)
  let text: string | undefined
  try {
    text = readIfPresent(path)
  } catch (error) {
    throw new ConfigError(KEYS_NAME, source, `${value} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  if (text === undefined) throw new ConfigError(KEYS_NAME, source, `${value} does not exist (a JWKS: its JSON text, or the path to a .json file)`)
  const file = `${value} (named by ${source})`
  return { jwks: parse(text, file), file }
}

function parse(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // Never quoted: a key set of one's own may hold shared secrets.
    throw new ConfigError(KEYS_NAME, file, `invalid JSON: ${describeParseError(error as Error, text)}`)
  }
}
