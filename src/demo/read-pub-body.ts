import type { IncomingMessage, ServerResponse } from 'node:http'

/** The largest value `PUT /pub/*` stores. */
export const PUB_MAX_BYTES = 64 * 1024

type Request = IncomingMessage & { body?: unknown; _body?: boolean; rawBody?: Buffer }
type Next = (error?: unknown) => void

const TOO_LARGE = JSON.stringify({ code: 'invalid_request', description: `The value is larger than ${PUB_MAX_BYTES / 1024} KiB.` })

/**
 * Express middleware placed before FoalTS's body parsers: a `PUT /pub/…` body is read as raw
 * bytes, whatever its Content-Type (the store keeps the bytes as sent), into `req.rawBody`, and
 * marked read (`_body`) so no parser turns it into JSON or text. Over 64 KiB: 413, without
 * reading further.
 */
export function readPubBody(req: Request, res: ServerResponse, next: Next): void {
  if (req.method !== 'PUT' || !(req.url ?? '').startsWith('/pub/')) return next()
  const length = Number(req.headers['content-length'] ?? 0)
  if (length > PUB_MAX_BYTES) return tooLarge(res)
  const chunks: Buffer[] = []
  let size = 0
  let done = false
  req.on('data', (chunk: Buffer) => {
    if (done) return
    size += chunk.length
    if (size > PUB_MAX_BYTES) {
      done = true
      return tooLarge(res)
    }
    chunks.push(chunk)
  })
  req.on('error', (error) => {
    if (!done) (done = true), next(error)
  })
  req.on('end', () => {
    if (done) return
    done = true
    req.rawBody = Buffer.concat(chunks)
    req.body = {}
    req._body = true
    next()
  })
}

function tooLarge(res: ServerResponse): void {
  // Connection: close: the rest of the body is not read.
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(TOO_LARGE), Connection: 'close' })
  res.end(TOO_LARGE)
}
