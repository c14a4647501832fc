import type { RetrySettings } from './backoff-delay'
import { createHttpRefresh } from './create-http-refresh'
import { readTokens, type ReadTokens } from './read-tokens'
import type { RefreshCycleSettings } from './refresh-with-retry'
import type { FetchFunction, TokenManagerOptions, Tokens } from './types'
import type { TokenRefreshError } from './token-refresh-error'

/** The options of `createTokenManager`, checked and with their defaults, once. */
export interface ManagerSettings extends RefreshCycleSettings {
  initial: ReadTokens
  refreshBufferMs: number
  onTokenRefresh: ((tokens: Tokens) => void) | undefined
  onRefreshError: ((error: TokenRefreshError) => void) | undefined
  fetch: FetchFunction
  now: () => number
}

const KNOWN = ['tokens', 'refreshUrl', 'refresh', 'refreshBufferMs', 'onTokenRefresh', 'onRefreshError', 'fetch', 'retry', 'timeoutMs', 'now']
const RETRY_KNOWN = ['attempts', 'baseDelayMs', 'maxDelayMs']

/**
 * Checks every option and fills in the defaults.
 *
 * @throws TypeError naming the option that is wrong (a misspelt one too).
 */
export function normalizeManagerOptions(options: TokenManagerOptions): ManagerSettings {
  if (typeof options !== 'object' || options === null) fail('createTokenManager takes an options object')
  checkKnown(options, KNOWN, '')
  const { tokens, refreshUrl, refresh, refreshBufferMs = 300_000, onTokenRefresh, onRefreshError, retry = {}, timeoutMs = 10_000, now = Date.now } = options

  if ((refreshUrl === undefined) === (refresh === undefined)) fail('exactly one of "refreshUrl" and "refresh" is required')
  if (refreshUrl !== undefined) checkRefreshUrl(refreshUrl)
  if (refresh !== undefined && typeof refresh !== 'function') fail('"refresh" must be a function returning a promise of the tokens')
  const read = readTokens(tokens, refreshUrl !== undefined)
  if (read.problem !== undefined) fail(`"tokens${read.problem.field === '' ? '' : `.${read.problem.field}`}" must ${read.problem.must}`)
  if (!isDuration(refreshBufferMs)) fail('"refreshBufferMs" must be a number of milliseconds >= 0')
  for (const [name, value] of [['onTokenRefresh', onTokenRefresh], ['onRefreshError', onRefreshError], ['now', now]] as const) {
    if (typeof value !== 'function' && value !== undefined) fail(`"${name}" must be a function`)
  }
  if (!isDuration(timeoutMs) || timeoutMs === 0) fail('"timeoutMs" must be a number of milliseconds > 0')

  const fetch = boundFetch(options.fetch)
  return {
    initial: read.read,
    refresh: refresh ?? createHttpRefresh(refreshUrl as string | URL, fetch),
    refreshTokenRequired: refreshUrl !== undefined,
    refreshBufferMs,
    onTokenRefresh,
    onRefreshError,
    fetch,
    retry: normalizeRetry(retry),
    timeoutMs,
    now,
  }
}

function normalizeRetry(retry: unknown): RetrySettings {
  if (typeof retry !== 'object' || retry === null) fail('"retry" must be an object { attempts, baseDelayMs, maxDelayMs }')
  checkKnown(retry, RETRY_KNOWN, 'retry.')
  const { attempts = 5, baseDelayMs = 500, maxDelayMs = 10_000 } = retry as Record<string, unknown>
  if (!Number.isInteger(attempts) || (attempts as number) < 1) fail('"retry.attempts" must be a whole number >= 1')
  if (!isDuration(baseDelayMs)) fail('"retry.baseDelayMs" must be a number of milliseconds >= 0')
  if (!isDuration(maxDelayMs)) fail('"retry.maxDelayMs" must be a number of milliseconds >= 0')
  return { attempts: attempts as number, baseDelayMs, maxDelayMs }
}

// Browsers refuse a `fetch` called on another object than the window ("Illegal invocation").
function boundFetch(fetch: FetchFunction | undefined): FetchFunction {
  if (fetch !== undefined && typeof fetch !== 'function') fail('"fetch" must be a function')
  const chosen = fetch ?? (globalThis as { fetch?: FetchFunction }).fetch
  if (typeof chosen !== 'function') fail('"fetch" must be a function: this runtime has no global fetch')
  return (input, init) => Reflect.apply(chosen, globalThis, [input, init])
}

function checkRefreshUrl(refreshUrl: unknown): void {
  if (refreshUrl instanceof URL) return
  if (typeof refreshUrl !== 'string' || refreshUrl === '') fail('"refreshUrl" must be a non-empty string or a URL')
  // In a page, fetch resolves a relative URL against it; elsewhere (Node) there is nothing to resolve against.
  const base = (globalThis as { location?: { href?: string } }).location?.href
  try {
    new URL(refreshUrl, base)
  } catch {
    fail(base === undefined ? '"refreshUrl" must be an absolute URL (there is no page to resolve it against)' : '"refreshUrl" must be a URL')
  }
}

function checkKnown(options: object, known: string[], prefix: string): void {
  for (const name of Object.keys(options)) if (!known.includes(name)) fail(`unknown option "${prefix}${name}"`)
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function fail(message: string): never {
  throw new TypeError(`jwt-hooks: ${message}`)
}
