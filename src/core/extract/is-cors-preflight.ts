import { readHeader } from './read-header'
import type { RequestLike } from '../types'

/**
 * Whether a request is a CORS preflight (Fetch standard §3.2.2): `OPTIONS` with an
 * `Access-Control-Request-Method` header. A browser sends it, without credentials, before a
 * cross-origin call that carries `Authorization`; refusing it refuses the call itself, so every
 * door lets it through with no user, as express-jwt does. Any other `OPTIONS` is judged as usual.
 */
export function isCorsPreflight(request: RequestLike): boolean {
  return request.method === 'OPTIONS' && typeof readHeader(request, 'access-control-request-method') === 'string'
}
