import type { IncomingMessage, ServerResponse } from 'node:http'

import { createAuthEndpoints } from '../http/create-auth-endpoints'
import type { Sessions } from '../tokens/sessions'
import { checkPrefix, pathBelow, toEndpointRequest, writeAnswer, type AuthRoutesOptions } from './node-endpoint'

/** A `node:http` request listener. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * `node:http`: wraps a listener so that `POST /auth/refresh`, `/auth/logout` and (with the
 * sessions' `apiKeys`) `/auth/tokens`, (with `keySignIn`) `/auth/challenge`,
 * `/auth/challenge/verify` and `/auth/pubky`, and `GET /.well-known/jwks.json` (the public signing keys) are answered here, every other request by `listener`.
 * The body is read strictly (JSON, 100 KB).
 * @param sessions from `createSessions`.
 * @param options `prefix` (default `/auth`), how logout judges an access token, `cookies`,
 *   `keySignIn` (public-key sign-in: `createKeySignIn({ host, ...createSignInStores(stores) })`).
 * @throws TypeError for a bad option.
 * @example
 * http.createServer(authRoutes(sessions)(app)).listen(3000)
 */
export function authRoutes(sessions: Sessions, options: AuthRoutesOptions = {}): (listener: Listener) => Listener {
  const prefix = checkPrefix(options.prefix)
  const endpoints = createAuthEndpoints(sessions, options)
  return (listener) => (req, res) => {
    const path = pathBelow(req.url, prefix)
    const endpoint = endpoints.wellKnown(req.method, pathBelow(req.url, '')!) ?? (path === undefined ? undefined : endpoints.route(req.method, path))
    if (endpoint === undefined) return listener(req, res)
    void endpoint(toEndpointRequest(req)).then((answer) => writeAnswer(res, answer))
  }
}
