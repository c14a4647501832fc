import type { IncomingMessage, ServerResponse } from 'node:http'

import { LOGIN_ANSWERS, requestError, type LoginAnswer } from '../login/login-answers'

/** Foal's own JSON limit (`settings.bodyParser.limit`), in bytes. */
const LIMIT_BYTES = 100 * 1024
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

type Next = (error?: unknown) => void

/**
 * Express middleware, placed before Foal's own parser: reads a JSON body so that malformed JSON
 * gets this package's 400 `{ code: 'invalid_request', description, errors: [] }`. Foal's handler
 * would answer `{ body, message }`, echoing the raw body, password included, to the client.
 * Parsed bodies are marked as such (`_body`), so Foal's body parsers pass them by.
 */
export function parseJsonBody(req: IncomingMessage & { body?: unknown; _body?: boolean }, res: ServerResponse, next: Next): void {
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) return next()
  const encoding = req.headers['content-encoding']
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return refuse(res, LOGIN_ANSWERS.encoded, true)
  if (Number(req.headers['content-length'] ?? 0) > LIMIT_BYTES) return refuse(res, LOGIN_ANSWERS.tooLarge, true)

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
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return refuse(res, LOGIN_ANSWERS.badJson)
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
