import { KeyObject } from 'node:crypto'

import { TokenCache } from './token-cache'
import type { JWTOptions, Mode, VerifyOptions } from './types'

const DEFAULT_CACHE_SIZE = 10_000
const DEFAULT_TIMEOUT_MS = 5_000
const NEVER_REVOKED = (): boolean => false

/** Options checked and frozen once, at setup; the key and cookie name come later, from config. */
export interface Settings {
  mode: Mode
  cookie: boolean
  cookieName: string | undefined
  secretOrPublicKey: JWTOptions['secretOrPublicKey']
  blackList: (token: string) => boolean | Promise<boolean>
  hasBlackList: boolean
  sessions: JWTOptions['sessions']
  user: JWTOptions['user']
  /** Handed to jsonwebtoken as is, with `complete` so the header can be checked. */
  verifyOptions: VerifyOptions & { complete: true }
  timeout: number
  cache: TokenCache | undefined
}

/**
 * Validates the options a door was given and merges the defaults, in one place.
 * @throws TypeError naming the option, at setup, never per request.
 */
export function normalizeOptions(options: JWTOptions, verifyOptions: VerifyOptions, mode: Mode): Settings {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: options must be an object')
  if (typeof verifyOptions !== 'object' || verifyOptions === null) {
    throw new TypeError('jwt-hooks: verifyOptions must be an object')
  }
  expectType(options.user, 'function', 'user')
  expectType(options.blackList, 'function', 'blackList')
  expectSessions(options.sessions)
  expectType(options.cookie, 'boolean', 'cookie')
  expectType(options.cookieName, 'string', 'cookieName')
  if (options.cookieName === '') throw new TypeError('jwt-hooks: "cookieName" must not be empty')
  expectKey(options.secretOrPublicKey)
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS
  if (typeof timeout !== 'number' || !(timeout > 0)) throw new TypeError('jwt-hooks: "timeout" must be a number of milliseconds > 0')
  return Object.freeze({
    mode,
    cookie: options.cookie === true,
    cookieName: options.cookieName,
    secretOrPublicKey: options.secretOrPublicKey,
    blackList: options.blackList ?? NEVER_REVOKED,
    hasBlackList: options.blackList !== undefined,
    sessions: options.sessions,
    user: options.user,
    verifyOptions: Object.freeze({ ...verifyOptions, complete: true as const }),
    timeout,
    cache: createCache(options.cache, verifyOptions),
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

// A function (a key callback, as jsonwebtoken takes), an object (a JWK) or a number would only
// fail later, on a request, with Node's own error or a misleading row 1: say so now.
function expectKey(key: unknown): void {
  if (key === undefined || typeof key === 'string' || Buffer.isBuffer(key) || key instanceof KeyObject) return
  throw new TypeError('jwt-hooks: "secretOrPublicKey" must be a string, a Buffer or a KeyObject')
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
