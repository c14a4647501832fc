import type { DataSource } from 'typeorm'

import { durationSeconds } from '../../config/duration-seconds'
import { getJwtConfig } from '../../config/jwt-config'
import type { ChallengeStore } from '../../stores/challenge-store'
import type { ReplayGuard } from '../pubky/replay-guard'
import { PUBKY_AUTH_WINDOW_MS } from '../pubky/verify-pubky-auth-token'
import { createSignInStores } from './create-sign-in-stores'

/** The options of `createKeySignIn`; what is left out comes from `settings.jwt.*` or `createSignInStores()`. */
export interface KeySignInOptions {
  /**
   * The host (and port) every challenge names, e.g. `example.com`: what the user reads before
   * signing. The request's Host header is then ignored.
   */
  host?: string
  /**
   * Name the request's `Host` header instead (default `false`): only behind a proxy that sets
   * it, or in development. A client can send any Host it likes.
   */
  trustHostHeader?: boolean
  /** How long a challenge may be answered (default `settings.jwt.challengeTtl`, `5m`): seconds or `"5m"`. */
  challengeTtl?: string | number
  /** Where pending challenges wait (default: `createSignInStores().challenges`, in memory). */
  challenges?: ChallengeStore
  /** Where used Pubky AuthTokens are remembered (default: `createSignInStores().replayGuard`, in memory). */
  replayGuard?: ReplayGuard
  /** How far an AuthToken's timestamp may be from now, either way (default 3 minutes, as pubky-core). */
  pubkyWindowMs?: number
  /** The DataSource holding `KeyIdentity` (createDataSource registers it): each sign-in is recorded there. */
  identities?: DataSource
  /** Milliseconds a store call may take before the answer is 503 (default 5,000). */
  timeout?: number
  /** Milliseconds between two sweeps of expired challenges (default 60,000); `false`: never. */
  sweepInterval?: number | false
  /** The clock, milliseconds since the epoch (default `Date.now`). */
  clock?: () => number
}

/** The options checked and completed once. */
export interface KeySignInSettings {
  host: string | undefined
  trustHostHeader: boolean
  challengeTtlMs: number
  challenges: ChallengeStore
  replayGuard: ReplayGuard
  pubkyWindowMs: number
  identities: DataSource | undefined
  timeout: number
  sweepInterval: number | false
  clock: () => number
}

const CHALLENGE_METHODS = ['put', 'take', 'sweep'] as const

/**
 * Checks `createKeySignIn`'s options and fills in the rest.
 * @throws TypeError naming the option; ConfigError for a broken configuration.
 */
export function checkKeySignInOptions(options: KeySignInOptions): KeySignInSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: the key sign-in options must be an object')
  const { host, trustHostHeader = false, clock = Date.now, timeout = 5_000, sweepInterval = 60_000, pubkyWindowMs = PUBKY_AUTH_WINDOW_MS } = options
  if (host !== undefined && (typeof host !== 'string' || host === '')) throw new TypeError('jwt-hooks: "host" must be a non-empty string such as "example.com"')
  if (typeof trustHostHeader !== 'boolean') throw new TypeError('jwt-hooks: "trustHostHeader" must be true or false')
  if (host === undefined && !trustHostHeader) {
    throw new TypeError('jwt-hooks: key sign-in needs "host" (the host every challenge names) or "trustHostHeader: true" (name the request\'s Host header)')
  }
  const defaults = options.challenges === undefined || options.replayGuard === undefined ? createSignInStores() : undefined
  const challenges = options.challenges ?? defaults!.challenges
  const replayGuard = options.replayGuard ?? defaults!.replayGuard
  for (const method of CHALLENGE_METHODS) {
    if (typeof (challenges as unknown as Record<string, unknown>)?.[method] !== 'function') throw new TypeError(`jwt-hooks: "challenges" must be a ChallengeStore (no ${method} method)`)
  }
  if (typeof replayGuard?.claim !== 'function') throw new TypeError('jwt-hooks: "replayGuard" must have a claim(id, expiresAtMs) method')
  if (typeof clock !== 'function') throw new TypeError('jwt-hooks: "clock" must be a function returning milliseconds')
  if (!Number.isInteger(timeout) || timeout < 1) throw new TypeError('jwt-hooks: "timeout" must be a whole number of milliseconds >= 1')
  if (sweepInterval !== false && (!Number.isInteger(sweepInterval) || sweepInterval < 1)) throw new TypeError('jwt-hooks: "sweepInterval" must be a whole number of milliseconds >= 1, or false')
  if (!Number.isInteger(pubkyWindowMs) || pubkyWindowMs < 1000) throw new TypeError('jwt-hooks: "pubkyWindowMs" must be a whole number of milliseconds >= 1000')
  if (options.identities !== undefined && typeof options.identities?.getRepository !== 'function') throw new TypeError('jwt-hooks: "identities" must be a TypeORM DataSource with the KeyIdentity entity')
  return {
    host,
    trustHostHeader,
    challengeTtlMs: ttl(options.challengeTtl),
    challenges,
    replayGuard,
    pubkyWindowMs,
    identities: options.identities,
    timeout,
    sweepInterval,
    clock,
  }
}

function ttl(given: string | number | undefined): number {
  // The configuration's own errors (ConfigError naming the key and the file) pass through.
  const value = given ?? getJwtConfig().challengeTtl
  let seconds: number
  try {
    seconds = durationSeconds(value)
  } catch {
    seconds = NaN
  }
  if (!Number.isFinite(seconds) || seconds < 1) throw new TypeError('jwt-hooks: "challengeTtl" must be a number of seconds >= 1 or a duration such as "5m"')
  return seconds * 1000
}
