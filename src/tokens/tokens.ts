/**
 * What a sign-in, a refresh and a mint answer (`TOKENS`): a new access token and refresh token.
 * `expiresAt` is the access token's `exp` in ISO 8601; `token` is the same string as
 * `accessToken`, the shape of the FoalTS docs, so clients of the earlier `{ token }` answer keep
 * working.
 */
export interface Tokens {
  accessToken: string
  refreshToken: string
  expiresAt: string
  token: string
}

/** The claims a session puts in every access token beside sub, sid, iat, exp and jti. */
export interface SessionGrant {
  /** The normalized capabilities (`validateCapabilities`), the `caps` claim. */
  caps?: string
  /** More claims, a JSON object (email, name, image, custom…); none of the registered names. */
  claims?: Record<string, unknown>
}

/** Claim names a session's `claims` must not hold: RFC 7519 §4.1 and the session's own. */
export const RESERVED_CLAIMS: readonly string[] = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sid', 'caps']
