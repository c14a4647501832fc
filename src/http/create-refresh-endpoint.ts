import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { cookieTokenAnswer } from './auth-cookie-answer'
import type { Endpoint } from './endpoint'
import { ENDPOINT_ANSWERS, refuse, tokenAnswer, UNAVAILABLE } from './endpoint-answers'
import { GrantTiming } from './grant-timing'
import { readEndpointBody, readGrant } from './read-grant'

export { MAX_REFRESH_TOKEN_LENGTH, REFRESH_BODY } from './read-grant'

/**
 * `POST /auth/refresh` `{ refreshToken }`: rotates it and answers the next `TOKENS`. Every bad
 * grant (unknown, spent, revoked, expired) gets the one `invalid_grant` answer, after the same
 * store call, and no sooner than a successful rotation usually takes (`GrantTiming`); a spent
 * token revokes its session. A store fault: 503, empty, nothing spent.
 * In cookie mode, without a `refreshToken` in the body the refresh cookie is the grant (CSRF
 * checked, see readGrant), and the answer sets the next cookies and leaves `refreshToken` out of
 * the body; a grant from the body is answered as without cookie mode.
 * @param sessions the sessions.
 * @param onFault where a store fault is said.
 * @param cookies the cookie settings of cookie mode, or undefined.
 */
export function createRefreshEndpoint(sessions: Sessions, onFault: (error: unknown) => void, cookies?: AuthCookieSettings): Endpoint {
  const timing = new GrantTiming()
  return async (request) => {
    const body = await readEndpointBody(request, cookies)
    try {
      const grant = await readGrant(request, body, sessions, cookies)
      if ('refused' in grant) return grant.refused
      const started = timing.start()
      const issued = await sessions.issuer.refresh(grant.token)
      if (issued === undefined) {
        await timing.refused(started)
        return refuse(ENDPOINT_ANSWERS.invalidGrant)
      }
      timing.rotated(started)
      if (grant.from === 'cookie') return cookieTokenAnswer(issued, request, cookies!)
      return tokenAnswer({ ...issued.tokens })
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error
      onFault(error)
      return UNAVAILABLE
    }
  }
}
