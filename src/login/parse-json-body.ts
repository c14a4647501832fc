import type { IncomingMessage, ServerResponse } from 'node:http'

import { LOGIN_ANSWERS, requestError, type LoginAnswer } from './login-answers'

/** Foal's own JSON limit (`settings.bodyParser.limit`), in bytes. */
const LIMIT_BYTES = 100 * 1024
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

type Next = (error?: unknown) => void
type Request = IncomingMessage & { body?: unknown; _body?: boolean }

/**
 * Express middleware for a FoalTS app, placed before Foal's own parser: reads a JSON body so that
 * malformed JSON gets this package's 400 `{ code: 'invalid_request', description, errors: [] }`.
 * Foal's handler would answer `{ body, message }`, echoing the raw body, password included, to the
 * client. Bodies are limited to 100 KB (413) and must not be compressed (415). A request with no
 * body (no Content-Length, `Content-Length: 0`, an empty chunked body) is not a malformed one: its
 * body is `{}`, as Foal makes it. Parsed bodies are marked as such (`_body`), so Foal's body parsers
 * pass them by.
 * @example
 * const app = await createApp(AppController, { preMiddlewares: [parseJsonBody] })
 */
export function parseJsonBody(req: Request, res: ServerResponse, next: Next): void {
  // Read already by a middleware before this one (as body-parser, it then passes the request by).
  if (req._body === true || !JSON_TYPE.test(req.headers['content-type'] ?? '')) return next()
  // RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body. axios and
  // many fetch wrappers send this Content-Type on every GET.
  const length = req.headers['content-length']
  if ((length === undefined && req.headers['transfer-encoding'] === undefined) || length === '0') return next()
  const encoding = req.headers['content-encoding']
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return refuse(res, LOGIN_ANSWERS.encoded, true)
  if (Number(length ?? 0) > LIMIT_BYTES) return refuse(res, LOGIN_ANSWERS.tooLarge, true)

  const chunks: Buffer[] = []
  let size = 0
  let done = false
  req.on('data', (chunk: Buffer) => {
    if (done) return
    size += chunk.length
    if (size > LIMIT_BYTES) {
      done = true
      refuse(res, LOGIN_ANSWERS.tooLarge, true)
      return
    }
    chunks.push(chunk)
  })
  req.on('error', (error) => {
    if (!done) (done = true), next(error)
  })
  req.on('end', () => {
    if (done) return
    done = true
    if (size === 0) {
      // An empty chunked body: read now, so Foal's parser must not read it again.
      req.body = {}
    } else {
      try {
        req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return refuse(res, LOGIN_ANSWERS.badJson)
      }
    }
    req._body = true
    next()
  })
}

function refuse(res: ServerResponse, answer: LoginAnswer, unread = false): void {
  const body = JSON.stringify(requestError(answer))
  // The rest of an oversized body is not read: close the connection rather than drain it.
  if (unread) res.setHeader('Connection', 'close')
  // Foal removes this header in a later middleware that this answer never reaches.
  res.removeHeader('X-Powered-By')
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(body)
}
