import type { Middleware } from 'koa'

import { createAuthEndpoints } from '../http/create-auth-endpoints'
import { JSON_TYPE } from '../http/endpoint'
import type { Sessions } from '../tokens/sessions'
import { checkPrefix, pathBelow, setCookieLines, toEndpointRequest, type AuthRoutesOptions } from './node-endpoint'

/**
 * Koa middleware serving `POST /auth/refresh`, `/auth/logout` and (with the sessions'
 * `apiKeys`) `/auth/tokens`, (with `keySignIn`) `/auth/challenge`,
 * `/auth/challenge/verify` and `/auth/pubky`, and `GET /.well-known/jwks.json` (the public signing keys); every other request goes on to `next`. The body is read strictly
 * (JSON, 100 KB); a body parser of the app that ran first (`ctx.request.body`) is taken as is.
 * An AuthToken (`/auth/pubky`) is read from the stream (koa-bodyparser leaves octet-stream
 * unread), or taken from a parser that left a Buffer; anything else is a 500 and a log line.
 * @param sessions from `createSessions`.
 * @param options `prefix` (default `/auth`), how logout judges an access token, `cookies`,
 *   `keySignIn` (public-key sign-in: `createKeySignIn({ host, ...createSignInStores(stores) })`).
 * @throws TypeError for a bad option.
 * @example
 * app.use(authRoutes(sessions))
 */
export function authRoutes(sessions: Sessions, options: AuthRoutesOptions = {}): Middleware {
  const prefix = checkPrefix(options.prefix)
  const endpoints = createAuthEndpoints(sessions, options)
  return async (ctx, next) => {
    const path = pathBelow(ctx.path, prefix)
    const endpoint = endpoints.wellKnown(ctx.method, ctx.path) ?? (path === undefined ? undefined : endpoints.route(ctx.method, path))
    if (endpoint === undefined) return next()
    const parsed = (ctx.request as { body?: unknown }).body
    const answer = await endpoint(toEndpointRequest(ctx.req, parsed === undefined ? undefined : { body: parsed }))
    ctx.status = answer.status
    ctx.set(answer.headers)
    // Headers, not ctx.cookies: those would be signed when the app has `keys`.
    if (answer.cookies !== undefined) ctx.append('Set-Cookie', setCookieLines(undefined, answer))
    if (answer.body === undefined) {
      // An empty string, not undefined: Koa fills a missing body with the status text.
      if (answer.status !== 204) ctx.body = ''
      return
    }
    ctx.type = JSON_TYPE
    ctx.body = JSON.stringify(answer.body)
  }
}
