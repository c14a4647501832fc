import type { IncomingMessage } from 'node:http'

import { HttpResponse, type Context } from '@foal/core'

import { setAll } from '../cookies/foal-cookies'
import type { EndpointAnswer, Endpoint } from '../http/endpoint'
import { emptyBody, isJsonType } from '../http/read-json-body'
import { readLimitedBody } from '../login/pubky/read-limited-body'

/**
 * Runs a session endpoint for FoalTS: the request as the endpoint reads it (the body Foal
 * parsed, JSON only: `parseJsonBody` first gives malformed JSON this package's 400), the answer
 * as a Foal response.
 */
export async function runEndpoint(endpoint: Endpoint, ctx: Context): Promise<HttpResponse> {
  const request = ctx.request
  const answer = await endpoint({
    header: (name) => request.get(name),
    // Foal parses cookies (cookie-parser): only a string can be a token.
    cookie: (name) => {
      const value: unknown = request.cookies?.[name]
      return typeof value === 'string' ? value : undefined
    },
    transport: request,
    body: async () => {
      const headers = request.headers
      // RFC 9112 §6.3: no Content-Length and no Transfer-Encoding, no body.
      const none = (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) || headers['content-length'] === '0'
      if (none || !isJsonType(headers)) return emptyBody(headers)
      return { value: request.body }
    },
    // Foal parses JSON, forms and text only: an application/octet-stream body is still unread.
    bytes: (limit) => readLimitedBody(request as unknown as IncomingMessage, limit),
  })
  return new EndpointResponse(answer)
}

class EndpointResponse extends HttpResponse {
  readonly statusCode: number
  readonly statusMessage: string

  constructor(answer: EndpointAnswer) {
    super(answer.body)
    this.statusCode = answer.status
    this.statusMessage = ''
    for (const [name, value] of Object.entries(answer.headers)) this.setHeader(name, value)
    if (answer.cookies !== undefined) setAll(this, answer.cookies)
  }
}
