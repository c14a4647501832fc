import { ConfigError } from './config-error'
import type { Config, ConfigValue } from './load-config'

export const REDIS_URL_NAME = 'settings.jwt.redisUrl'
export const REDIS_KEY_PREFIX_NAME = 'settings.jwt.redisKeyPrefix'

const MAX_PREFIX = 100
const URL_SHAPE = 'a redis:// or rediss:// URL: redis://[user:password@]host[:port][/db]'

/** `settings.jwt.redisUrl` and `settings.jwt.redisKeyPrefix`, checked. */
export interface RedisConfig {
  /** Sessions, challenges and login attempts in this Redis (many instances); undefined: in the database and memory. */
  redisUrl: string | undefined
  /** Put before every key and the revocation channel (default `jwt-hooks:`), so several apps share a Redis. */
  redisKeyPrefix: string | undefined
}

/**
 * Reads the Redis keys. The URL may hold a password, so no message ever repeats it: they name
 * the key and where it was set, and say what shape it must have.
 * @param find the configuration's lookup (empty values already refused).
 * @throws ConfigError naming the key and the variable or file.
 */
export function readRedisConfig(config: Config, find: (config: Config, key: string) => ConfigValue | undefined): RedisConfig {
  const url = find(config, REDIS_URL_NAME)
  const prefix = find(config, REDIS_KEY_PREFIX_NAME)
  if (prefix !== undefined && (typeof prefix.value !== 'string' || prefix.value.length > MAX_PREFIX)) {
    throw new ConfigError(REDIS_KEY_PREFIX_NAME, prefix.source, `must be a string of 1 to ${MAX_PREFIX} characters`)
  }
  return { redisUrl: url === undefined ? undefined : checkRedisUrl(url), redisKeyPrefix: prefix?.value as string | undefined }
}

function checkRedisUrl({ value, source }: ConfigValue): string {
  if (typeof value !== 'string' || !isRedisUrl(value.trim())) throw new ConfigError(REDIS_URL_NAME, source, `must be ${URL_SHAPE}`)
  return value.trim()
}

function isRedisUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }
  // ioredis reads the path as the database number; anything else there is a mistake.
  return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^(\/\d{0,2})?$/.test(url.pathname) && url.search === '' && url.hash === ''
}
