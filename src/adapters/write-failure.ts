import type { ServerResponse } from 'node:http'

import type { Failure } from '../core/types'

/** The type of every refusal's body, as Express, Fastify and Koa write it for an object. */
export const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * Writes a refusal to a node response (the Express and node:http doors): the status, the
 * failure's headers, and its JSON body, or an empty body for the rows that have none (500, 503).
 * @param res the response, not yet started.
 * @param failure the row the core answered.
 */
export function writeFailure(res: ServerResponse, failure: Failure): void {
  const body = failure.json
  res.statusCode = failure.status
  for (const name in failure.headers) res.setHeader(name, failure.headers[name])
  if (body !== '') res.setHeader('Content-Type', JSON_TYPE)
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.end(body)
}
