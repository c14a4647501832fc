import type { IncomingMessage, ServerResponse } from 'node:http'

import { serializeCookie } from '../cookies/serialize-cookie'
import { readCookie } from '../core/extract/read-cookie'
import type { AuthEndpointsOptions } from '../http/create-auth-endpoints'
import { JSON_TYPE, type EndpointAnswer, type EndpointRequest } from '../http/endpoint'
import { emptyBody, readJsonBody } from '../http/read-json-body'
import { readRequestBytes } from './read-request-bytes'

/** The options of every door's `authRoutes`: where the routes are, and how logout judges a token. */
export interface AuthRoutesOptions extends AuthEndpointsOptions {
  /** The path the routes are under (default `/auth`: `/auth/refresh`, `/auth/logout`, `/auth/tokens`, `/auth/challenge`…); `''` for none. */
  prefix?: string
}

/** The prefix, checked: `''` or a path starting with `/`, without a trailing `/`. */
export function checkPrefix(prefix: unknown = '/auth'): string {
  if (typeof prefix !== 'string' || (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/')))) {
    throw new TypeError('jwt-hooks: "prefix" must be "" or a path such as "/auth" (no trailing "/")')
  }
  return prefix
}

/** The path of a request URL, without the query; the part below `prefix`, or undefined. */
export function pathBelow(url: string | undefined, prefix: string): string | undefined {
  const path = (url ?? '/').split('?', 1)[0]
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined
}

/**
 * A node request as an endpoint reads it. Its body is read strictly from the stream, unless a
 * body parser of the app read it already (`parsed`): then that value, if the request said JSON.
 * Its raw bytes (`POST /auth/pubky`) likewise: the stream, or a Buffer the app's parser left.
 */
export function toEndpointRequest(req: IncomingMessage, parsed?: { body: unknown }): EndpointRequest {
  return {
    header(name) {
      const value = req.headers[name]
      return typeof value === 'string' ? value : undefined
    },
    cookie: (name) => cookieOf(req.headers.cookie, (req as { cookies?: Record<string, unknown> }).cookies, name),
    transport: req,
    async body() {
      if (parsed === undefined) return readJsonBody(req, req.headers)
      const result = emptyBody(req.headers)
      return 'refused' in result ? result : { value: parsed.body }
    },
    bytes: (limit) => readRequestBytes(req, parsed?.body ?? (req as { body?: unknown }).body, limit),
  }
}

/**
 * A cookie of a node request: cookie-parser's or @fastify/cookie's `cookies` when the app has one
 * (only a string: cookie-parser makes objects of `j:` values), else the `Cookie` header.
 */
export function cookieOf(header: string | undefined, cookies: Record<string, unknown> | null | undefined, name: string): string | undefined {
  if (cookies === undefined || cookies === null) return readCookie(header, name)
  const value = cookies[name]
  return typeof value === 'string' ? value : undefined
}

/** The `Set-Cookie` lines of an answer, after those the response has already (the app's own). */
export function setCookieLines(before: number | string | string[] | undefined, answer: EndpointAnswer): string[] {
  const kept = before === undefined ? [] : Array.isArray(before) ? before : [String(before)]
  return [...kept, ...(answer.cookies ?? []).map(serializeCookie)]
}

/** Writes an endpoint's answer to a node response (Express, node:http). */
export function writeAnswer(res: ServerResponse, answer: EndpointAnswer): void {
  res.statusCode = answer.status
  for (const name in answer.headers) res.setHeader(name, answer.headers[name])
  if (answer.cookies !== undefined) res.setHeader('Set-Cookie', setCookieLines(res.getHeader('set-cookie'), answer))
  if (answer.body === undefined) {
    if (answer.status !== 204) res.setHeader('Content-Length', 0)
    res.end()
    return
  }
  const body = JSON.stringify(answer.body)
  res.setHeader('Content-Type', JSON_TYPE)
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.end(body)
}
