import type { Request, RequestHandler } from 'express'

import { createAuthEndpoints } from '../http/create-auth-endpoints'
import type { Sessions } from '../tokens/sessions'
import { checkPrefix, pathBelow, toEndpointRequest, writeAnswer, type AuthRoutesOptions } from './node-endpoint'

/**
 * Express/Connect middleware serving `POST /auth/refresh`, `/auth/logout` and (with the
 * sessions' `apiKeys`) `/auth/tokens`, (with `keySignIn`) `/auth/challenge`,
 * `/auth/challenge/verify` and `/auth/pubky`, and `GET /.well-known/jwks.json` (the public signing keys); every other request goes on to `next`. The body is read
 * strictly (JSON, 100 KB); a body parser of the app that ran first (express.json) is taken as is.
 * An AuthToken (`/auth/pubky`) is read from the stream, or taken from an express.raw() that ran
 * first; a parser that read it into anything but a Buffer is a 500 and a log line saying so.
 * @param sessions from `createSessions`.
 * @param options `prefix` (default `/auth`), how logout judges an access token, `cookies`,
 *   `keySignIn` (public-key sign-in: `createKeySignIn({ host, ...createSignInStores(stores) })`).
 * @throws TypeError for a bad option.
 * @example
 * app.use(authRoutes(sessions))
 */
export function authRoutes(sessions: Sessions, options: AuthRoutesOptions = {}): RequestHandler {
  const prefix = checkPrefix(options.prefix)
  const endpoints = createAuthEndpoints(sessions, options)
  return (req, res, next) => {
    const path = pathBelow(req.url, prefix)
    const endpoint = endpoints.wellKnown(req.method, pathBelow(req.url, '')!) ?? (path === undefined ? undefined : endpoints.route(req.method, path))
    if (endpoint === undefined) return next()
    void endpoint(toEndpointRequest(req, parsedBody(req))).then((answer) => writeAnswer(res, answer))
  }
}

// body-parser marks what it read with `_body`; Express 5 leaves `req.body` undefined without a parser.
function parsedBody(req: Request): { body: unknown } | undefined {
  return (req as Request & { _body?: boolean })._body === true || req.readableEnded ? { body: req.body } : undefined
}
