import { ConfigError } from './config-error'
import { loadConfig, toEnvName, type Config, type ConfigValue } from './load-config'
import { readRedisConfig, type RedisConfig } from './read-redis-config'

/** The `settings.jwt.*` keys, typed and checked. */
export interface JwtConfig extends RedisConfig {
  secretOrPublicKey: string | undefined
  /** Where the key was found (a file or a variable), for messages about it. */
  secretOrPublicKeySource: string | undefined
  /** `settings.jwt.keys`: a JWKS as its JSON text or a path to a .json file; in a config file, the set itself. */
  keys: unknown
  keysSource: string | undefined
  /** `settings.jwt.jwksUrl`: a remote JWKS. */
  jwksUrl: string | undefined
  jwksUrlSource: string | undefined
  privateKey: string | undefined
  algorithm: string | undefined
  cookieName: string
  cookie: boolean
  cookieSecure: boolean
  /** `SameSite` of the auth cookies: lax (default), strict or none (then always Secure). */
  cookieSameSite: 'lax' | 'strict' | 'none'
  /** Double-submit CSRF check on unsafe methods; on by default in cookie mode. */
  csrf: boolean
  /** Access-token lifetime: seconds, or a duration such as `"1h"`. */
  expiresIn: string | number
  /** Session (refresh) lifetime, from sign-in; a refresh never extends it. */
  refreshExpiresIn: string | number
  /** `iss` of issued tokens, and required of verified ones (doors whose key comes from the configuration). */
  issuer: string | undefined
  /** `aud` of issued tokens, and required of verified ones (doors whose key comes from the configuration). */
  audience: string | undefined
  /** Tokens `POST /auth/tokens` mints per API key per minute. */
  mintRateLimit: number
  /** How long a sign-in challenge may be answered: seconds, or a duration such as `"5m"`. */
  challengeTtl: string | number
  blackListFile: string
  /** Proxies whose `X-Forwarded-For` the login believes: false (none), true (all), or how many hops. */
  trustProxy: boolean | number
}

export const KEY_NAME = 'settings.jwt.secretOrPublicKey'
export const KEYS_NAME = 'settings.jwt.keys'
export const JWKS_URL_NAME = 'settings.jwt.jwksUrl'
/** Where to set the key, for messages that say how to fix a missing one. */
export const KEY_HINT = `${toEnvName(KEY_NAME)} or "${KEY_NAME}" in config/`

/**
 * Reads and checks the `settings.jwt.*` keys. A key that is set but empty (`NAME=` in the
 * environment or `.env`, `""` or no value in a file) is an error, not "unset": it would hide the
 * layers below it, and an empty key would refuse every token.
 * @throws ConfigError naming the key and the variable or file, for an empty value or one of the wrong type.
 */
export function readJwtConfig(config: Config = loadConfig()): JwtConfig {
  const cookie = readBoolean(config, 'settings.jwt.cookie') ?? false
  return Object.freeze({
    secretOrPublicKey: readString(config, KEY_NAME),
    secretOrPublicKeySource: find(config, KEY_NAME)?.source,
    keys: find(config, KEYS_NAME)?.value,
    keysSource: find(config, KEYS_NAME)?.source,
    jwksUrl: readString(config, JWKS_URL_NAME),
    jwksUrlSource: find(config, JWKS_URL_NAME)?.source,
    privateKey: readString(config, 'settings.jwt.privateKey'),
    algorithm: readString(config, 'settings.jwt.algorithm'),
    cookieName: readString(config, 'settings.jwt.cookieName') ?? 'auth',
    cookie,
    cookieSecure: readBoolean(config, 'settings.jwt.cookieSecure') ?? false,
    cookieSameSite: readSameSite(config, 'settings.jwt.cookieSameSite') ?? 'lax',
    csrf: readBoolean(config, 'settings.jwt.csrf') ?? cookie,
    expiresIn: readDuration(config, 'settings.jwt.expiresIn') ?? '1h',
    refreshExpiresIn: readDuration(config, 'settings.jwt.refreshExpiresIn') ?? '7d',
    issuer: readString(config, 'settings.jwt.issuer'),
    audience: readString(config, 'settings.jwt.audience'),
    mintRateLimit: readWholeNumber(config, 'settings.jwt.mintRateLimit') ?? 600,
    challengeTtl: readDuration(config, 'settings.jwt.challengeTtl') ?? '5m',
    blackListFile: readString(config, 'settings.jwt.blackListFile') ?? 'blacklist.txt',
    trustProxy: readTrustProxy(config, 'settings.jwt.trustProxy') ?? false,
    ...readRedisConfig(config, find),
  })
}

let cached: JwtConfig | undefined

/** The process's configuration, read on first use and kept. */
export function getJwtConfig(): JwtConfig {
  cached ??= readJwtConfig()
  return cached
}

/** Forget the kept configuration (tests, or a CLI that changed directory). */
export function resetJwtConfig(): void {
  cached = undefined
}

/** The key's value and where it was found; undefined when no layer sets it. */
function find(config: Config, key: string): ConfigValue | undefined {
  const found = config.get(key)
  if (found === undefined) return undefined
  if (found.value === null || (typeof found.value === 'string' && found.value.trim() === '')) {
    throw new ConfigError(key, found.source, 'is empty: give it a value, or remove it')
  }
  return found
}

function readString(config: Config, key: string): string | undefined {
  const found = find(config, key)
  if (found === undefined) return undefined
  if (typeof found.value !== 'string') throw wrongType(key, found, 'a string')
  return found.value
}

function readBoolean(config: Config, key: string): boolean | undefined {
  const found = find(config, key)
  if (found === undefined || typeof found.value === 'boolean') return found?.value as boolean | undefined
  if (found.value === 'true') return true
  if (found.value === 'false') return false
  throw wrongType(key, found, 'true or false')
}

function readDuration(config: Config, key: string): string | number | undefined {
  const found = find(config, key)
  if (found === undefined) return undefined
  if (typeof found.value === 'number' && found.value > 0) return found.value
  if (typeof found.value === 'string' && /^\d+$/.test(found.value)) return Number(found.value)
  if (typeof found.value === 'string' && /^\d+(\.\d+)?\s*(s|m|h|d|w|y|ms|seconds?|minutes?|hours?|days?)$/i.test(found.value)) {
    return found.value
  }
  throw wrongType(key, found, 'a number of seconds or a duration such as "1h"')
}

function readSameSite(config: Config, key: string): JwtConfig['cookieSameSite'] | undefined {
  const found = find(config, key)
  if (found === undefined) return undefined
  const value = typeof found.value === 'string' ? found.value.toLowerCase() : found.value
  if (value === 'lax' || value === 'strict' || value === 'none') return value
  throw wrongType(key, found, '"lax", "strict" or "none"')
}

function readWholeNumber(config: Config, key: string): number | undefined {
  const found = find(config, key)
  if (found === undefined) return undefined
  const value = typeof found.value === 'string' && /^\d+$/.test(found.value) ? Number(found.value) : found.value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value
  throw wrongType(key, found, 'a whole number >= 1')
}

// Express's `trust proxy` spellings: a boolean, or a number of hops (0 is false).
function readTrustProxy(config: Config, key: string): boolean | number | undefined {
  const found = config.get(key)
  if (found === undefined) return undefined
  const value = typeof found.value === 'string' && /^\d+$/.test(found.value) ? Number(found.value) : found.value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value === 0 ? false : value
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw wrongType(key, found, 'true, false or the number of proxies to trust (a whole number)')
}

function wrongType(key: string, found: ConfigValue, expected: string): ConfigError {
  return new ConfigError(key, found.source, `must be ${expected}`)
}
