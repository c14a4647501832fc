import type { RefreshServer, ServerTokens } from './refresh-server'

/** Tokens whose access token had expired when issued (a clock skewed, or a device asleep). */
export function expiredTokens(server: RefreshServer): ServerTokens {
  const ttl = server.accessTtlSeconds
  server.accessTtlSeconds = -60
  const tokens = server.signIn()
  server.accessTtlSeconds = ttl
  return tokens
}

/** Tokens the server has expired while this client's clock (running late) gives them an hour. */
export function expiredOnTheServer(server: RefreshServer): ServerTokens {
  return { ...expiredTokens(server), expiresAt: new Date(Date.now() + 3600_000).toISOString() }
}

/** A refresh token spent by another client (another tab) first: the manager's is reuse. */
export async function spendRefreshToken(server: RefreshServer, tokens: ServerTokens): Promise<void> {
  const response = await fetch(server.refreshUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: tokens.refreshToken }),
  })
  if (response.status !== 200) throw new Error(`the first use of the refresh token answered ${response.status}`)
  await response.text()
}

/** The fields a test asserts of an error (a TokenRefreshError's, or another's). */
export function errorFields(error: unknown): Record<string, unknown> {
  const { name, message, code, status, retryable, cause } = error as Record<string, unknown>
  return { name, message, code, status, retryable, cause: (cause as Error | undefined)?.name }
}
