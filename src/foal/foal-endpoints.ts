import { createAuthEndpoints, type AuthEndpoints } from '../http/create-auth-endpoints'
import type { Sessions } from '../tokens/sessions'

const built = new WeakMap<Sessions, AuthEndpoints>()

/** The endpoints of one `Sessions`, built once for every controller that serves them. */
export function foalEndpoints(sessions: Sessions): AuthEndpoints {
  let endpoints = built.get(sessions)
  if (endpoints === undefined) {
    endpoints = createAuthEndpoints(sessions)
    built.set(sessions, endpoints)
  }
  return endpoints
}
