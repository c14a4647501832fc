import type { TokenRefreshError } from './token-refresh-error'

/**
 * What the server answers on login and refresh (`TOKENS`). `expiresAt` is the access token's
 * expiry, as ISO 8601 (this package's server) or milliseconds since the epoch (both forms of the
 * ChatSDK docs). Other fields of the answer (`wsToken`, …) are kept in the object handed to
 * `onTokenRefresh`.
 */
export interface Tokens {
  accessToken: string
  /** Required with `refreshUrl`; with `refresh` it may stay out of reach (an HttpOnly cookie). */
  refreshToken?: string
  expiresAt: string | number
  /** The same string as `accessToken` (the shape of the FoalTS docs). */
  token?: string
}

/** The `fetch` the manager calls: the global one by default. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** What a `refresh` function is given: the current refresh token, and a signal aborted on timeout or `stop()`. */
export interface RefreshContext {
  refreshToken: string | undefined
  signal: AbortSignal
}

/**
 * An app's own refresh call (cookie mode, a custom endpoint): resolves to the new `Tokens`.
 * To make a refusal final, throw a `TokenRefreshError` with code `invalid_grant` (what
 * `parseRefreshResponse` does for the server's 400 `invalid_grant`); any other error is retried.
 */
export type RefreshFunction = (context: RefreshContext) => Promise<Tokens>

/** How a failed refresh is tried again: exponential backoff with jitter, bounded. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number
  /** The wait after the first failure, doubled after each (default 500 ms). */
  baseDelayMs?: number
  /** No wait is longer (default 10,000 ms). */
  maxDelayMs?: number
}

/** Options of `createTokenManager`: `tokens`, and exactly one of `refreshUrl` and `refresh`. */
export interface TokenManagerOptions {
  /** The tokens of the login (or as the app stored them). */
  tokens: Tokens
  /** Where to `POST { refreshToken }` (this package's `/auth/refresh`). */
  refreshUrl?: string | URL
  /** Instead of `refreshUrl`: the app's own refresh call. */
  refresh?: RefreshFunction
  /** How long before `expiresAt` to refresh (default 300,000 ms: 5 minutes). */
  refreshBufferMs?: number
  /** Called with the new tokens after every successful refresh (persist the new refresh token here). */
  onTokenRefresh?: (tokens: Tokens) => void
  /** Called with the `TokenRefreshError` of every refresh that failed (after its retries). */
  onRefreshError?: (error: TokenRefreshError) => void
  /** The `fetch` used for the refresh and by `manager.fetch` (default `globalThis.fetch`). */
  fetch?: FetchFunction
  /** Retries of a refresh that failed for a passing reason (network, timeout, 5xx, 408, 429). */
  retry?: RetryOptions
  /** How long one refresh attempt may take before it is aborted and counted as failed (default 10,000 ms). */
  timeoutMs?: number
  /** The clock, in milliseconds since the epoch (default `Date.now`): an app that knows its clock is off passes a corrected one. */
  now?: () => number
}

/** What `createTokenManager` returns. */
export interface TokenManager {
  /**
   * A token to send: the one held until `refreshBufferMs` before its `expiresAt`, then the result
   * of the refresh every caller shares. A refresh that fails for a passing reason leaves the held
   * token in use while it has not expired. Rejects with a `TokenRefreshError`: `invalid_grant`
   * (final), `refresh_failed` or `invalid_response` (no token left that works), `stopped`.
   */
  getAccessToken(): Promise<string>
  /**
   * `fetch` with `Authorization: Bearer <access token>` (other headers kept, a caller's own
   * `Authorization` replaced). Answered 401, it is sent once more after a refresh (the one under
   * way, if any); a second 401 is returned as it came. A request whose body is a stream cannot be
   * sent twice: its 401 is returned after the refresh, so that sending it again carries the new
   * token. Rejects as `getAccessToken()` does when there is no token to send.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /**
   * Clears the timer and aborts a refresh under way (its callers reject with `stopped`; an answer
   * still on its way is dropped); every later call rejects with code `stopped`. Again: nothing.
   */
  stop(): void
}
