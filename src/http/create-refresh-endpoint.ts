import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { checkBody, isText, type BodySchema } from './check-body'
import type { Endpoint } from './endpoint'
import { ENDPOINT_ANSWERS, refuse, tokenAnswer, UNAVAILABLE } from './endpoint-answers'
import { GrantTiming } from './grant-timing'

/** Longest refresh token looked at; ours are 43 characters. Longer is a 400, not a grant. */
export const MAX_REFRESH_TOKEN_LENGTH = 1024
export const REFRESH_BODY: BodySchema = { required: { refreshToken: isText(1, MAX_REFRESH_TOKEN_LENGTH) } }

/**
 * `POST /auth/refresh` `{ refreshToken }`: rotates it and answers the next `TOKENS`. Every bad
 * grant (unknown, spent, revoked, expired) gets the one `invalid_grant` answer, after the same
 * store call, and no sooner than a successful rotation usually takes (`GrantTiming`); a spent
 * token revokes its session. A store fault: 503, empty, nothing spent.
 * @param sessions the sessions.
 * @param onFault where a store fault is said.
 */
export function createRefreshEndpoint(sessions: Sessions, onFault: (error: unknown) => void): Endpoint {
  const timing = new GrantTiming()
  return async (request) => {
    const body = await request.body()
    if ('refused' in body) return body.refused
    const checked = checkBody(body.value, REFRESH_BODY)
    if ('refused' in checked) return checked.refused
    try {
      const started = timing.start()
      const tokens = await sessions.refreshSession(checked.fields.refreshToken as string)
      if (tokens !== undefined) {
        timing.rotated(started)
        return tokenAnswer({ ...tokens })
      }
      await timing.refused(started)
      return refuse(ENDPOINT_ANSWERS.invalidGrant)
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error
      onFault(error)
      return UNAVAILABLE
    }
  }
}
