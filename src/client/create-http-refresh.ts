import { readRefreshResponse } from './parse-refresh-response'
import { TokenRefreshError } from './token-refresh-error'
import type { FetchFunction, RefreshFunction } from './types'

/**
 * The refresh of `refreshUrl`: `POST <refreshUrl>` with the JSON body `{ refreshToken }`, its
 * answer read as `parseRefreshResponse` reads it, the refresh token required.
 *
 * @param refreshUrl - the endpoint (relative to the page in a browser).
 * @param fetch - the manager's fetch.
 */
export function createHttpRefresh(refreshUrl: string | URL, fetch: FetchFunction): RefreshFunction {
  return async ({ refreshToken, signal }) => {
    let response: Response
    try {
      response = await fetch(refreshUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken }),
        signal,
      })
    } catch (cause) {
      throw new TokenRefreshError('refresh_failed', 'jwt-hooks: the refresh request got no answer', { retryable: true, cause })
    }
    return readRefreshResponse(response, true)
  }
}
