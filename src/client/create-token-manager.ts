import { normalizeManagerOptions } from './normalize-manager-options'
import { prepareBearerRequest } from './prepare-bearer-request'
import type { ReadTokens } from './read-tokens'
import { refreshWithRetry } from './refresh-with-retry'
import { startTimer, type CancelTimer } from './start-timer'
import { TokenRefreshError } from './token-refresh-error'
import type { TokenManager, TokenManagerOptions } from './types'

/** Tokens held, and when to refresh them. */
interface Held extends ReadTokens {
  refreshAtMs: number
}

/**
 * Keeps an access token fresh: refreshes it `refreshBufferMs` before `expiresAt` (on a timer, and
 * on demand when asked for it later than that), one refresh at a time however many callers wait;
 * `fetch` adds the bearer token and sends a request refused with 401 once more after a refresh.
 * A passing failure of the refresh (network, timeout, 5xx) is retried with backoff; the server's
 * `invalid_grant` is final: `onRefreshError`, then every call rejects with that error.
 *
 * @param options - `tokens`; `refreshUrl` or `refresh`; `refreshBufferMs`, `onTokenRefresh`,
 * `onRefreshError`, `fetch`, `retry`, `timeoutMs`, `now`.
 * @throws TypeError at once for a missing or wrong option (the tokens included), naming it.
 * @example
 * const manager = createTokenManager({
 *   refreshUrl: '/auth/refresh',
 *   tokens: await login(email, password),
 *   onTokenRefresh: (tokens) => localStorage.setItem('tokens', JSON.stringify(tokens)),
 *   onRefreshError: (error) => { if (error.code === 'invalid_grant') showSignIn() },
 * })
 * const me = await (await manager.fetch('/api/me')).json()
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const settings = normalizeManagerOptions(options)
  const lifetime = new AbortController()
  let current = hold(settings.initial, undefined)
  let inFlight: Promise<Held> | null = null
  let finalError: TokenRefreshError | null = null
  let cancelTimer: CancelTimer = schedule()

  function hold(read: ReadTokens, receivedAtMs: number | undefined): Held {
    let refreshAtMs = read.expiresAtMs - settings.refreshBufferMs
    if (receivedAtMs !== undefined) {
      // A token that lives less than twice the buffer is refreshed halfway through its life, and
      // one that looks expired on arrival (this clock is ahead) after a while: never in a loop.
      const lifeMs = read.expiresAtMs - receivedAtMs
      refreshAtMs = lifeMs > 0 ? Math.max(refreshAtMs, receivedAtMs + lifeMs / 2) : receivedAtMs + SKEWED_RETRY_MS
    }
    return { ...read, refreshAtMs }
  }

  function schedule(): CancelTimer {
    const refreshSoon = (): void => {
      if (inFlight === null) refresh().catch(() => {}) // reported to onRefreshError
    }
    return startTimer(refreshSoon, current.refreshAtMs - settings.now(), true)
  }

  function refresh(): Promise<Held> {
    if (inFlight === null) {
      cancelTimer()
      inFlight = runRefresh().finally(() => (inFlight = null))
    }
    return inFlight
  }

  async function runRefresh(): Promise<Held> {
    let read: ReadTokens
    try {
      read = await refreshWithRetry(settings, current.refreshToken, lifetime.signal)
    } catch (error) {
      const failure = error as TokenRefreshError
      if (failure.code === 'stopped') throw failure
      if (failure.code === 'invalid_grant') finalError = failure
      report(settings.onRefreshError, failure)
      throw failure
    }
    if (lifetime.signal.aborted) throw lifetime.signal.reason // stopped while the answer was on its way
    current = hold(read, settings.now())
    cancelTimer = schedule()
    report(settings.onTokenRefresh, read.tokens)
    return current
  }

  async function acquire(): Promise<Held> {
    if (lifetime.signal.aborted) throw lifetime.signal.reason
    if (finalError !== null) throw finalError
    const held = current
    if (settings.now() < held.refreshAtMs) return held
    try {
      return await refresh()
    } catch (error) {
      // A failure that may pass does not take away a token that still works.
      const passing = (error as TokenRefreshError).code === 'refresh_failed' || (error as TokenRefreshError).code === 'invalid_response'
      if (passing && current === held && settings.now() < held.expiresAtMs) return held
      throw error
    }
  }

  /** The token to send again with, after `refused` got a 401: one refresh for all who got one. */
  function afterRefusal(refused: Held): Promise<Held> {
    if (current !== refused || lifetime.signal.aborted || finalError !== null) return acquire()
    return refresh()
  }

  return {
    getAccessToken: async () => (await acquire()).accessToken,
    async fetch(input, init = {}) {
      const request = prepareBearerRequest(input, init)
      const held = await acquire()
      const response = await settings.fetch(...request.first(held.accessToken))
      if (response.status !== 401) return response
      let fresh: Held
      try {
        fresh = await afterRefusal(held)
      } catch {
        return response // onRefreshError has been told; the answer says the rest
      }
      if (request.again === null) return response
      await response.body?.cancel().catch(() => {})
      return settings.fetch(...request.again(fresh.accessToken))
    },
    stop() {
      if (lifetime.signal.aborted) return
      cancelTimer()
      lifetime.abort(new TokenRefreshError('stopped', 'jwt-hooks: the token manager was stopped'))
    },
  }
}

// How long a token that looked expired on arrival is used before it is refreshed again: the
// server, whose clock it is, answers 401 sooner if it disagrees.
const SKEWED_RETRY_MS = 30_000

/** Calls an app's callback; one that throws changes nothing here, and its error is not lost. */
function report<T>(callback: ((value: T) => void) | undefined, value: T): void {
  if (callback === undefined) return
  try {
    callback(value)
  } catch (error) {
    queueMicrotask(() => {
      throw error
    })
  }
}
