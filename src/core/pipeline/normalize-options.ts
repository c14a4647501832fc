import type { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import { checkVerifyOptions } from '../jws/check-verify-options'
import { TokenCache } from '../jws/token-cache'
import type { VerifyOptions } from '../jws/verify-options'
import { checkKey } from '../keys/check-key'
import type { KeyResolver } from '../keys/key-resolver'
import { createExtractor, type ExtractToken } from '../extract/extract-token'
import type { AuthorizeSettings } from './create-authorize-step'
import { normalizeAuthorizeOptions } from './normalize-authorize-options'
import { resolveKeyOptions } from './resolve-key-options'
import type { JWTOptions, Mode } from '../types'

const DEFAULT_CACHE_SIZE = 10_000
const DEFAULT_TIMEOUT_MS = 5_000
const DEFAULT_COOKIE_NAME = 'auth'
const NEVER_REVOKED = (): boolean => false

/** Options checked and frozen once, at setup. */
export interface Settings extends AuthorizeSettings {
  mode: Mode
  /** Where the key for a token comes from; undefined: none was given (row 1 for every token). */
  keys: KeyResolver | undefined
  extractToken: ExtractToken
  /** The row for a token with whitespace in it: a header's (RFC 6750 §2.1); a cookie has no such rule. */
  whitespace: Failure | undefined
  blackList: NonNullable<JWTOptions['blackList']>
  hasBlackList: boolean
  sessions: JWTOptions['sessions']
  user: JWTOptions['user']
  verifyOptions: Readonly<VerifyOptions>
  timeout: number
  cache: TokenCache | undefined
}

/**
 * Validates the options a door was given and merges the defaults, in one place: the keys are
 * read and checked against the algorithms, the token reader is picked, the cache sized.
 * @throws TypeError naming the option, at setup, never per request.
 */
export function normalizeOptions(options: JWTOptions, verifyOptions: VerifyOptions, mode: Mode): Settings {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: options must be an object')
  const checked = checkVerifyOptions(verifyOptions)
  expectType(options.user, 'function', 'user')
  expectType(options.blackList, 'function', 'blackList')
  expectSessions(options.sessions)
  expectType(options.cookie, 'boolean', 'cookie')
  expectType(options.cookieName, 'string', 'cookieName')
  if (options.cookieName === '') throw new TypeError('jwt-hooks: "cookieName" must not be empty')
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS
  if (typeof timeout !== 'number' || !(timeout > 0)) throw new TypeError('jwt-hooks: "timeout" must be a number of milliseconds > 0')
  const keys = resolveKeyOptions(options)
  const known = keys?.keys ?? []
  for (const key of known) checkKey(key, checked.algorithms, known.length === 1)
  const cookieName = options.cookie === true ? (options.cookieName ?? DEFAULT_COOKIE_NAME) : undefined
  const authorize = normalizeAuthorizeOptions(options, cookieName)
  return Object.freeze({
    ...authorize,
    mode,
    keys,
    extractToken: createExtractor(mode, cookieName),
    whitespace: cookieName === undefined ? FIXED_FAILURES.notBearer : undefined,
    blackList: options.blackList ?? NEVER_REVOKED,
    hasBlackList: options.blackList !== undefined,
    sessions: options.sessions,
    user: options.user,
    verifyOptions: checked,
    timeout,
    cache: createCache(options.cache, checked),
  })
}

function createCache(option: JWTOptions['cache'], verifyOptions: VerifyOptions): TokenCache | undefined {
  if (option === false) return undefined
  if (option !== undefined && (typeof option !== 'object' || option === null)) {
    throw new TypeError('jwt-hooks: "cache" must be false or { max?: number }')
  }
  const max = option?.max ?? DEFAULT_CACHE_SIZE
  if (!Number.isInteger(max) || max < 0) throw new TypeError('jwt-hooks: "cache.max" must be a whole number >= 0')
  // A fixed clock or a maxAge makes validity depend on more than exp: verify every time.
  if (max === 0 || verifyOptions.clockTimestamp !== undefined || verifyOptions.maxAge !== undefined) return undefined
  return new TokenCache(max)
}

function expectSessions(sessions: unknown): void {
  if (sessions === undefined || typeof (sessions as { isRevoked?: unknown } | null)?.isRevoked === 'function') return
  throw new TypeError('jwt-hooks: "sessions" must be an object with an isRevoked(sid) function (createSessions)')
}

function expectType(value: unknown, type: 'function' | 'boolean' | 'string', name: string): void {
  if (value !== undefined && typeof value !== type) {
    throw new TypeError(`jwt-hooks: "${name}" must be a ${type}`)
  }
}
