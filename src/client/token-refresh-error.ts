/**
 * Why a token could not be had:
 * - `invalid_grant`: the server refused the refresh token (spent, expired, revoked). Final: the
 *   manager refreshes no more and every later call rejects with this same error; sign in again.
 * - `refresh_failed`: the refresh did not get through (network, timeout, an HTTP status other
 *   than 2xx and `invalid_grant`, an error thrown by a `refresh` function), after its retries.
 *   Not final: the next call tries again.
 * - `invalid_response`: the refresh answered 2xx, but not with `TOKENS`. Not retried (the server
 *   may have spent the refresh token already), not final.
 * - `stopped`: `stop()` was called.
 */
export type TokenRefreshErrorCode = 'invalid_grant' | 'refresh_failed' | 'invalid_response' | 'stopped'

/** Details of a `TokenRefreshError`. */
export interface TokenRefreshErrorDetails {
  /** The HTTP status of the refresh answer, when there was one. */
  status?: number
  /** Whether trying again may succeed (network, timeout, 5xx, 408, 429). */
  retryable?: boolean
  /** The error underneath (a `TypeError` of `fetch` for a network failure, say). */
  cause?: unknown
}

/**
 * The error `getAccessToken()`, `fetch()` and `onRefreshError` are given; tell the cases apart
 * by `code`. Its message never holds a token.
 *
 * @example
 * manager.getAccessToken().catch((error) => {
 *   if (error instanceof TokenRefreshError && error.code === 'invalid_grant') showSignIn()
 * })
 */
export class TokenRefreshError extends Error {
  readonly code: TokenRefreshErrorCode
  readonly status: number | undefined
  readonly retryable: boolean

  constructor(code: TokenRefreshErrorCode, message: string, details: TokenRefreshErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'TokenRefreshError'
    this.code = code
    this.status = details.status
    this.retryable = details.retryable ?? false
  }
}
