import { createAuthenticator, isFailure } from '../../../src/core'
import type { RequestLike } from '../../../src/core/types'
import type { RouteSpec } from '../../conformance/routes'
import type { Answer } from '../../support/http'

/** An answer as the core gives it, plus any header a door would write beyond WWW-Authenticate. */
export type CoreAnswer = Answer & { otherHeaders?: Record<string, string> }

/**
 * A route of the conformance servers with no server: the core's pipeline (`createAuthenticator`
 * from `jwt-hooks/core`), its outcome written out as every door writes it: a refusal's status,
 * body ('' for none) and WWW-Authenticate; a request let through as the routes' 200 `{ user }`.
 * That the doors write exactly this is the conformance suite's part, over HTTP.
 */
export function inProcess(route: RouteSpec): (request: RequestLike) => Promise<CoreAnswer> {
  const authenticate = createAuthenticator(route.options, route.verifyOptions, route.mode)
  return async (request) => {
    const outcome = await authenticate(request)
    if (!isFailure(outcome)) return { status: 200, body: JSON.parse(JSON.stringify({ user: outcome.user ?? null })), wwwAuthenticate: null }
    const { 'WWW-Authenticate': challenge, ...others } = outcome.headers
    const answer: CoreAnswer = { status: outcome.status, body: outcome.body ?? '', wwwAuthenticate: challenge ?? null }
    // No door writes more than the challenge for a refusal: a header beyond it shows in the diff.
    if (Object.keys(others).length > 0) answer.otherHeaders = others
    return answer
  }
}

/** The request a client sends with `Authorization: Bearer <token>`, as a door hands it to the core. */
export function bearer(token: string): RequestLike {
  return { headers: { authorization: `Bearer ${token}` }, method: 'GET', path: '/' }
}
