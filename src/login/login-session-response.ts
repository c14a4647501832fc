import { HttpResponse, HttpResponseOK } from '@foal/core'

import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { setAuthCookies } from '../cookies/foal-cookies'
import type { ProtocolSource } from '../cookies/is-https-request'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import type { User } from '../typeorm/user.entity'
import { HttpResponseStoreFault } from './login-responses'

/**
 * The answer of a password login that succeeded: a new session of `user` (`sub` its id, its
 * `email` as a claim), as `TOKENS`, or in cookie mode the cookies and the tokens but the refresh one.
 * @param sessions where the session is opened.
 * @param user the user signed in.
 * @param request whether the cookies must be `Secure`.
 * @param cookies the cookies of cookie mode, or undefined when it is off.
 * @param onFault where a store fault is said (the answer is then an empty 503).
 */
export async function loginSessionResponse(sessions: Sessions, user: User, request: ProtocolSource, cookies: AuthCookieSettings | undefined, onFault: (error: unknown) => void): Promise<HttpResponse> {
  let issued
  try {
    issued = await sessions.startSession(String(user.id), { claims: { email: user.email } })
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error
    onFault(error)
    return new HttpResponseStoreFault()
  }
  const { tokens, sessionExpiresAt } = issued
  // RFC 6749 §5.1: a response carrying a token must not be cached.
  if (cookies === undefined) return new HttpResponseOK({ ...tokens }).setHeader('Cache-Control', 'no-store')
  // Cookie mode: the refresh token lives in its HttpOnly cookie only, out of the page's reach.
  const { refreshToken, ...visible } = tokens
  const response = new HttpResponseOK(visible).setHeader('Cache-Control', 'no-store')
  return setAuthCookies(response, { accessToken: tokens.accessToken, refreshToken, sessionExpiresAt }, request, cookies)
}
