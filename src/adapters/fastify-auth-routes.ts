import type { IncomingMessage } from 'node:http'

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

import { createAuthEndpoints } from '../http/create-auth-endpoints'
import { JWKS_PATH } from '../http/create-jwks-endpoint'
import { JSON_TYPE, type BodyResult, type Endpoint } from '../http/endpoint'
import { emptyBody, isJsonType, readJsonBody } from '../http/read-json-body'
import { readLimitedBody } from '../login/pubky/read-limited-body'
import type { Sessions } from '../tokens/sessions'
import { checkPrefix, cookieOf, setCookieLines, type AuthRoutesOptions } from './node-endpoint'

/** A Fastify plugin (register it without fastify-plugin: its body parser stays inside it). */
export type AuthRoutesPlugin = (app: FastifyInstance) => Promise<void>

/** What the plugin's parser hands a route: a JSON body as read, or any other body still unread. */
type Parsed = BodyResult | { unread: IncomingMessage }

const NO_BYTES = Buffer.alloc(0)

/**
 * A Fastify plugin serving `POST /auth/refresh`, `/auth/logout` and (with the sessions'
 * `apiKeys`) `/auth/tokens`, (with `keySignIn`) `/auth/challenge`,
 * `/auth/challenge/verify` and `/auth/pubky`, and `GET /.well-known/jwks.json` (the public signing keys). Inside it every body is read by this package's strict parser
 * (JSON, 100 KB; an AuthToken's bytes, 16 KiB) instead of Fastify's; the rest of the app keeps its own parsers.
 * @param sessions from `createSessions`.
 * @param options `prefix` (default `/auth`), how logout judges an access token, `cookies`,
 *   `keySignIn` (public-key sign-in: `createKeySignIn({ host, ...createSignInStores(stores) })`).
 * @throws TypeError for a bad option.
 * @example
 * app.register(authRoutes(sessions))
 */
export function authRoutes(sessions: Sessions, options: AuthRoutesOptions = {}): AuthRoutesPlugin {
  const prefix = checkPrefix(options.prefix)
  const { posts, jwks } = createAuthEndpoints(sessions, options)
  return async (app) => {
    // Encapsulated: these parsers are this plugin's only.
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', (request, payload, done) => {
      // Any other body is left unread here: POST /auth/pubky reads its bytes, bounded, itself.
      if (!isJsonType(request.headers)) return done(null, { unread: payload as IncomingMessage } satisfies Parsed)
      void readJsonBody(payload, request.headers).then((result) => done(null, result))
    })
    for (const { path, endpoint } of posts) app.post(`${prefix}${path}`, (request, reply) => serve(endpoint, request, reply))
    app.get(JWKS_PATH, (request, reply) => serve(jwks, request, reply))
  }
}

async function serve(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const answer = await endpoint({
    header(name) {
      const value = request.headers[name]
      return typeof value === 'string' ? value : undefined
    },
    // @fastify/cookie's `request.cookies` when registered, else the Cookie header.
    cookie: (name) => cookieOf(request.headers.cookie, (request as { cookies?: Record<string, unknown> }).cookies, name),
    transport: request.raw,
    // Fastify calls no parser for a request without a body.
    body: async () => {
      const parsed = request.body as Parsed | undefined
      return parsed === undefined || 'unread' in parsed ? emptyBody(request.headers) : parsed
    },
    bytes: async (limit) => {
      const parsed = request.body as Parsed | undefined
      return parsed !== undefined && 'unread' in parsed ? readLimitedBody(parsed.unread, limit) : NO_BYTES
    },
  })
  reply.code(answer.status).headers(answer.headers)
  // Each one added beside those already set (the app's, @fastify/cookie's).
  for (const line of setCookieLines(undefined, answer)) reply.header('set-cookie', line)
  if (answer.body === undefined) return reply.send()
  return reply.type(JSON_TYPE).send(JSON.stringify(answer.body))
}
