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
  /** A valid access token: at once, or once the refresh it needs is done. */
  getAccessToken(): Promise<string>
  /** `fetch` with `Authorization: Bearer <access token>`, sent once more after a 401 and a refresh. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** Clears every timer and aborts a refresh under way; later calls reject with code `stopped`. */
  stop(): void
}
