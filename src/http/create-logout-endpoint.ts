import { isFailure, type Authenticate } from '../core/types'
import type { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { checkBody } from './check-body'
import { REFRESH_BODY } from './create-refresh-endpoint'
import type { Endpoint, EndpointAnswer } from './endpoint'
import { ENDPOINT_ANSWERS, NO_CONTENT, refuse, UNAVAILABLE } from './endpoint-answers'

/**
 * `POST /auth/logout`: with `Authorization: Bearer <access token>`, the token is judged by the
 * pipeline (the hooks' rows; a revoked session's token is row 5) and its session revoked; without
 * that header, the body `{ refreshToken }` names the session (an unknown token, or one of a
 * session already over: `invalid_grant`). 204 either way; a store fault 503.
 * @param sessions the sessions.
 * @param authenticate the pipeline that judges the access token (with `sessions`).
 * @param onFault where a store fault is said.
 */
export function createLogoutEndpoint(sessions: Sessions, authenticate: Authenticate, onFault: (error: unknown) => void): Endpoint {
  return async (request) => {
    try {
      if (request.header('authorization') !== undefined) {
        const outcome = await authenticate({ header: (name) => request.header(name), method: 'POST' })
        if (isFailure(outcome)) return { status: outcome.status, body: outcome.body, headers: outcome.headers }
        const sid = outcome.payload?.sid
        if (typeof sid !== 'string') return refuse(ENDPOINT_ANSWERS.noSession)
        // Already revoked by another process, not yet polled here: logged out all the same.
        await sessions.revokeSession(sid)
        return NO_CONTENT
      }
      return await byRefreshToken(sessions, request.body())
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error
      onFault(error)
      return UNAVAILABLE
    }
  }
}

async function byRefreshToken(sessions: Sessions, reading: ReturnType<Parameters<Endpoint>[0]['body']>): Promise<EndpointAnswer> {
  const body = await reading
  if ('refused' in body) return body.refused
  const checked = checkBody(body.value, REFRESH_BODY)
  if ('refused' in checked) return checked.refused
  const revoked = await sessions.revokeByRefreshToken(checked.fields.refreshToken as string)
  return revoked ? NO_CONTENT : refuse(ENDPOINT_ANSWERS.invalidGrant)
}
