import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'

import { LOGIN_ANSWERS } from '../login/login-answers'
import type { BodyResult } from './endpoint'
import { badRequest } from './endpoint-answers'

/** Foal's own JSON limit (`settings.bodyParser.limit`), in bytes. */
export const BODY_LIMIT_BYTES = 100 * 1024
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/** Whether the request says its body is JSON (`application/json`, `application/*+json`). */
export function isJsonType(headers: IncomingHttpHeaders): boolean {
  return JSON_TYPE.test(headers['content-type'] ?? '')
}

/**
 * What a request with no body at all amounts to: `{}` when it says JSON (as Foal makes it), else
 * the refusal of a body that is not JSON.
 */
export function emptyBody(headers: IncomingHttpHeaders): BodyResult {
  return isJsonType(headers) ? { value: {} } : { refused: badRequest(LOGIN_ANSWERS.notJson) }
}

/**
 * Reads a request body strictly, as `parseJsonBody` does: JSON only (a form post can be sent
 * cross-site without a CORS preflight), 100 KB at most (413), not compressed (415), valid JSON
 * (400); no body at all (no Content-Length, `Content-Length: 0`, an empty chunked body) is `{}`.
 * @param stream the body (a node request, or what Fastify hands a content-type parser).
 * @param headers the request's headers.
 */
export function readJsonBody(stream: Readable, headers: IncomingHttpHeaders): Promise<BodyResult> {
  if (!isJsonType(headers)) return Promise.resolve({ refused: badRequest(LOGIN_ANSWERS.notJson) })
  // RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body.
  const length = headers['content-length']
  if ((length === undefined && headers['transfer-encoding'] === undefined) || length === '0') return Promise.resolve({ value: {} })
  const encoding = headers['content-encoding']
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return Promise.resolve({ refused: badRequest(LOGIN_ANSWERS.encoded) })
  if (Number(length ?? 0) > BODY_LIMIT_BYTES) return Promise.resolve({ refused: badRequest(LOGIN_ANSWERS.tooLarge) })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: BodyResult): void => {
      if (done) return
      done = true
      resolve(result)
    }
    stream.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > BODY_LIMIT_BYTES) return finish({ refused: badRequest(LOGIN_ANSWERS.tooLarge) })
      chunks.push(chunk)
    })
    // A client that goes away mid-body: nobody reads the answer, but the endpoint still gets one.
    stream.on('error', () => finish({ refused: badRequest(LOGIN_ANSWERS.badJson) }))
    stream.on('end', () => {
      if (size === 0) return finish({ value: {} })
      try {
        finish({ value: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      } catch {
        finish({ refused: badRequest(LOGIN_ANSWERS.badJson) })
      }
    })
  })
}
