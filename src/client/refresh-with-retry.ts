import { backoffDelay, type RetrySettings } from './backoff-delay'
import { notTokens } from './parse-refresh-response'
import { readTokens, type ReadTokens } from './read-tokens'
import { sleep, startTimer } from './start-timer'
import { TokenRefreshError } from './token-refresh-error'
import type { RefreshFunction } from './types'

/** What one refresh cycle needs of the manager's settings. */
export interface RefreshCycleSettings {
  refresh: RefreshFunction
  refreshTokenRequired: boolean
  retry: RetrySettings
  timeoutMs: number
}

/**
 * One refresh, tried again after a passing failure (`retryable`) with backoff until
 * `retry.attempts` are spent. Each attempt is bounded by `timeoutMs`; `lifetime` (aborted by
 * `stop()`) ends it all at once.
 *
 * @throws TokenRefreshError of the last attempt, or `stopped`.
 */
export async function refreshWithRetry(
  settings: RefreshCycleSettings,
  refreshToken: string | undefined,
  lifetime: AbortSignal,
): Promise<ReadTokens> {
  for (let failures = 1; ; failures++) {
    if (lifetime.aborted) throw lifetime.reason
    let failure: TokenRefreshError
    try {
      const answer = await attempt(settings, refreshToken, lifetime)
      const result = readTokens(answer, settings.refreshTokenRequired)
      if (result.problem === undefined) return result.read
      failure = notTokens(result.problem)
    } catch (error) {
      if (lifetime.aborted) throw lifetime.reason
      failure = error instanceof TokenRefreshError ? error : new TokenRefreshError('refresh_failed', 'jwt-hooks: the refresh function threw', { retryable: true, cause: error })
    }
    if (!failure.retryable || failures >= settings.retry.attempts) throw failure
    await sleep(backoffDelay(failures, settings.retry), lifetime)
  }
}

/** One call of the refresh function, raced against its timeout and `stop()`. */
async function attempt(settings: RefreshCycleSettings, refreshToken: string | undefined, lifetime: AbortSignal): Promise<unknown> {
  const controller = new AbortController()
  let cancelTimeout = (): void => {}
  let onStop = (): void => {}
  // A refresh function that ignores its signal still loses the race: a hang is never waited for.
  const bounds = new Promise<never>((_, reject) => {
    onStop = () => {
      controller.abort(lifetime.reason)
      reject(lifetime.reason)
    }
    lifetime.addEventListener('abort', onStop, { once: true })
    cancelTimeout = startTimer(() => {
      const error = new TokenRefreshError('refresh_failed', `jwt-hooks: the refresh got no answer within ${settings.timeoutMs} ms`, { retryable: true })
      controller.abort(error)
      reject(error)
    }, settings.timeoutMs, false)
  })
  try {
    const call = Promise.resolve().then(() => settings.refresh({ refreshToken, signal: controller.signal }))
    return await Promise.race([call, bounds])
  } finally {
    cancelTimeout()
    lifetime.removeEventListener('abort', onStop)
  }
}
