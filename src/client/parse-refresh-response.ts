import { readTokens, type TokensProblem } from './read-tokens'
import { TokenRefreshError } from './token-refresh-error'
import type { Tokens } from './types'

/**
 * Reads the answer of a refresh endpoint that answers as this package's `POST /auth/refresh`:
 * 2xx with `TOKENS`, or 400 `{ code: 'invalid_grant' }` (final). For an app's own `refresh`
 * function (cookie mode, say), so its answers are judged as the manager's own refresh's.
 *
 * @param response - the `fetch` answer.
 * @throws TokenRefreshError `invalid_grant` for that 400; `invalid_response` for a 2xx answer that
 * is not `TOKENS`; `refresh_failed` for any other status (`retryable` for 5xx, 408 and 429).
 * @example
 * refresh: async () => parseRefreshResponse(await fetch('/auth/refresh', {
 *   method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': readCookie('XSRF-TOKEN') },
 * }))
 */
export function parseRefreshResponse(response: Response): Promise<Tokens> {
  return readRefreshResponse(response, false)
}

/** `parseRefreshResponse`, requiring the refresh token for the manager's own `refreshUrl`. */
export async function readRefreshResponse(response: Response, refreshTokenRequired: boolean): Promise<Tokens> {
  const status = response.status
  let text: string
  try {
    text = await response.text()
  } catch (cause) {
    throw new TokenRefreshError('refresh_failed', 'jwt-hooks: the refresh answer was cut off', { status, retryable: true, cause })
  }
  const body = parseJson(text)
  if (response.ok) {
    const result = readTokens(body, refreshTokenRequired)
    if (result.problem === undefined) return body as Tokens
    throw notTokens(result.problem, status)
  }
  if (status === 400 && (body as { code?: unknown } | undefined)?.code === 'invalid_grant') {
    throw new TokenRefreshError('invalid_grant', 'jwt-hooks: the refresh token is invalid, expired or revoked: sign in again', { status })
  }
  // 5xx (a store fault answers 503 without spending the token), 408 and 429 may pass; other 4xx
  // (a refused CSRF token, a wrong URL) will not by trying again.
  const retryable = status >= 500 || status === 408 || status === 429
  throw new TokenRefreshError('refresh_failed', `jwt-hooks: the refresh endpoint answered ${status}`, { status, retryable })
}

/** The error of a refresh answer that is not `TOKENS`. */
export function notTokens(problem: TokensProblem, status?: number): TokenRefreshError {
  const what = problem.field === '' ? 'the body' : `"${problem.field}"`
  return new TokenRefreshError('invalid_response', `jwt-hooks: the refresh answer is not TOKENS: ${what} must ${problem.must}`, { status })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
