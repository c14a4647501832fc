import { durationSeconds } from '../config/duration-seconds'
import { getJwtConfig } from '../config/jwt-config'
import type { ApiKeyStore } from '../stores/api-key-store'
import { MemorySessionStore } from '../stores/memory/memory-session-store'
import type { SessionStore } from '../stores/session-store'
import { createTokenSigner, type TokenSigner } from './create-token-signer'

/** The options of `createSessions`; what is left out comes from `settings.jwt.*`. */
export interface SessionsOptions {
  /** Where sessions live (default: a `MemorySessionStore`, this process only). */
  store?: SessionStore
  /** The signer (default: `createTokenSigner` of the configuration); `false`: verify only, issue nothing. */
  signer?: TokenSigner | false
  /** Access-token lifetime (default `settings.jwt.expiresIn`, `1h`): seconds or `"15m"`. */
  expiresIn?: string | number
  /** Session lifetime from sign-in (default `settings.jwt.refreshExpiresIn`, `7d`). */
  refreshExpiresIn?: string | number
  /** `iss` of issued tokens (default `settings.jwt.issuer`). */
  issuer?: string
  /** `aud` of issued tokens (default `settings.jwt.audience`). */
  audience?: string
  /** The API keys of `POST /auth/tokens`; without them minting is not offered. */
  apiKeys?: ApiKeyStore
  /** Tokens minted per API key per minute (default `settings.jwt.mintRateLimit`, 600). */
  mintRateLimit?: number
  /** Milliseconds between two reads of the revocations (default 500: processes agree within a second). */
  pollInterval?: number
  /** Milliseconds between two `sweep` calls of the store (default 60,000); `false`: never. */
  sweepInterval?: number | false
  /** Milliseconds a store call may take before the endpoint answers 503 (default 5,000). */
  timeout?: number
  /** The clock, milliseconds since the epoch (default `Date.now`). */
  clock?: () => number
  /** Where the few lines about store faults go (default `console.error`); never a token. */
  log?: (line: string) => void
}

/** The options checked and completed once. */
export interface SessionsSettings {
  store: SessionStore
  signer: TokenSigner | undefined
  accessLifetime: number
  sessionLifetime: number
  issuer: string | undefined
  audience: string | undefined
  apiKeys: ApiKeyStore | undefined
  mintRateLimit: number
  pollInterval: number
  sweepInterval: number | false
  timeout: number
  clock: () => number
  log: (line: string) => void
}

const STORE_METHODS = ['create', 'rotate', 'revoke', 'revokeByRefresh', 'get', 'revocationsSince', 'sweep'] as const
const API_KEY_METHODS = ['create', 'findByHash', 'list', 'revoke'] as const

/**
 * Checks `createSessions`' options and fills in the rest from the configuration.
 * @throws TypeError naming the option; ConfigError for a broken configuration; the signer's TypeError.
 */
export function checkSessionsOptions(options: SessionsOptions): SessionsSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: createSessions options must be an object')
  const config = getJwtConfig()
  const store = options.store ?? new MemorySessionStore()
  expectMethods(store, STORE_METHODS, 'store', 'a SessionStore')
  if (options.apiKeys !== undefined) expectMethods(options.apiKeys, API_KEY_METHODS, 'apiKeys', 'an ApiKeyStore')
  const signer = options.signer === false ? undefined : (options.signer ?? createTokenSigner(config))
  if (signer !== undefined && typeof signer.sign !== 'function') throw new TypeError('jwt-hooks: "signer" must be a TokenSigner (createTokenSigner) or false')
  const accessLifetime = lifetime(options.expiresIn ?? config.expiresIn, 'expiresIn')
  const sessionLifetime = lifetime(options.refreshExpiresIn ?? config.refreshExpiresIn, 'refreshExpiresIn')
  if (sessionLifetime < accessLifetime) throw new TypeError('jwt-hooks: "refreshExpiresIn" must not be shorter than "expiresIn"')
  return {
    store,
    signer,
    accessLifetime,
    sessionLifetime,
    issuer: text(options.issuer, 'issuer') ?? config.issuer,
    audience: text(options.audience, 'audience') ?? config.audience,
    apiKeys: options.apiKeys,
    mintRateLimit: whole(options.mintRateLimit ?? config.mintRateLimit, 'mintRateLimit'),
    pollInterval: whole(options.pollInterval ?? 500, 'pollInterval'),
    sweepInterval: options.sweepInterval === false ? false : whole(options.sweepInterval ?? 60_000, 'sweepInterval'),
    timeout: whole(options.timeout ?? 5_000, 'timeout'),
    clock: fn(options.clock, 'clock') ?? Date.now,
    log: fn(options.log, 'log') ?? ((line: string) => console.error(line)),
  }
}

function expectMethods(value: unknown, methods: readonly string[], name: string, what: string): void {
  const missing = methods.filter((method) => typeof (value as Record<string, unknown> | null)?.[method] !== 'function')
  if (missing.length > 0) throw new TypeError(`jwt-hooks: "${name}" must be ${what} (no ${missing.join(', ')})`)
}

function lifetime(value: unknown, name: string): number {
  let seconds: number
  try {
    seconds = durationSeconds(value as string | number)
  } catch {
    seconds = NaN
  }
  if (!(seconds >= 1)) throw new TypeError(`jwt-hooks: "${name}" must be a number of seconds >= 1 or a duration such as "1h"`)
  return seconds
}

function whole(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new TypeError(`jwt-hooks: "${name}" must be a whole number >= 1`)
  return value as number
}

function text(value: unknown, name: string): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value === '')) throw new TypeError(`jwt-hooks: "${name}" must be a non-empty string`)
  return value as string | undefined
}

function fn<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(`jwt-hooks: "${name}" must be a function`)
  return value
}
