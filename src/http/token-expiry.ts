/**
 * The `exp` of a verified access token in milliseconds, or undefined without one: how long a
 * logout must keep its sid revoked when the store no longer holds the session.
 */
export function tokenExpiry(payload: { exp?: unknown } | undefined): number | undefined {
  const exp = payload?.exp
  return typeof exp === 'number' && Number.isFinite(exp) ? Math.ceil(exp * 1000) : undefined
}
