import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { checkCsrf } from '../core/csrf/check-csrf'
import { FIXED_FAILURES } from '../core/errors/to-failure'
import { isFailure, type Authenticate } from '../core/types'
import type { Sessions } from '../tokens/sessions'
import type { BodyResult, EndpointAnswer, EndpointRequest } from './endpoint'
import { ENDPOINT_ANSWERS, NO_CONTENT, refuse } from './endpoint-answers'
import { tokenExpiry } from './token-expiry'

/**
 * Logout in cookie mode by the access cookie alone (no refresh cookie, no token in the body):
 * the cookie's token judged by the pipeline, then the CSRF check with its payload, then its
 * session revoked. Undefined when there is no access cookie either.
 */
export async function logoutByAccessCookie(
  request: EndpointRequest,
  body: BodyResult,
  sessions: Sessions,
  judge: Authenticate,
  cookies: AuthCookieSettings,
): Promise<{ answer: EndpointAnswer; cleared: boolean } | undefined> {
  if (!request.cookie?.(cookies.access.name)) return undefined
  const like = { header: (name: string) => request.header(name), cookie: (name: string) => request.cookie?.(name), method: 'POST' }
  const outcome = await judge(like)
  if (isFailure(outcome)) return { answer: { status: outcome.status, body: outcome.body, headers: outcome.headers }, cleared: false }
  if (cookies.csrf !== undefined && checkCsrf({ ...like, body: 'value' in body ? body.value : undefined }, outcome.payload ?? {}, cookies.csrf) !== undefined) {
    const { status, body: refusal, headers } = FIXED_FAILURES.invalidCsrfToken
    return { answer: { status, body: refusal, headers }, cleared: false }
  }
  const sid = outcome.payload?.sid
  if (typeof sid !== 'string') return { answer: refuse(ENDPOINT_ANSWERS.noSession), cleared: false }
  await sessions.revokeSession(sid, { until: tokenExpiry(outcome.payload) })
  return { answer: NO_CONTENT, cleared: true }
}
