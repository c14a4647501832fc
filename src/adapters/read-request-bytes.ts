import type { IncomingMessage } from 'node:http'

import { readLimitedBody } from '../login/pubky/read-limited-body'

/** What a door says when a body parser of the app read a raw body first and kept no bytes. */
export const PARSED_NOT_BYTES =
  'jwt-hooks: POST /auth/pubky: a body parser of the app read the request body before authRoutes and kept no Buffer of it; mount authRoutes before that parser, or parse application/octet-stream as raw bytes (express.raw())'

/**
 * The raw body of a node request, at most `limit` bytes (`POST /auth/pubky`): read from the
 * stream, unless a body parser of the app read it already; then its `body` when that is a
 * Buffer (express.raw(), a raw Koa parser), bounded the same way.
 * @param req the request.
 * @param parsed what the app's parser left, when the door has it (`ctx.request.body` on Koa).
 * @param limit the most bytes accepted.
 * @throws Error (the endpoints answer 500 and log it) when the parser kept something else.
 */
export async function readRequestBytes(req: IncomingMessage, parsed: unknown, limit: number): Promise<Buffer | 'tooLarge' | 'aborted'> {
  // body-parser 1 marks what it read with `_body`; any parser that read the stream ended it.
  const read = req.readableEnded || (req as { _body?: boolean })._body === true
  if (!read) return readLimitedBody(req, limit)
  if (!Buffer.isBuffer(parsed)) throw new Error(PARSED_NOT_BYTES)
  return parsed.length > limit ? 'tooLarge' : parsed
}
