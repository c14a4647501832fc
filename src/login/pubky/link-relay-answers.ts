import type { ServerResponse } from 'node:http'

/** The relay's refusals: one row each, as the error table does it for the pipeline. */
export const LINK_RELAY_ANSWERS = {
  badChannel: { status: 400, code: 'invalid_request', description: 'The channel must be 1 to 128 base64url characters.' },
  method: { status: 405, code: 'method_not_allowed', description: 'A relay channel answers GET and POST only.' },
  replaced: { status: 409, code: 'conflict', description: 'Another request took this place on the channel.' },
  tooLarge: { status: 413, code: 'payload_too_large', description: 'The body is larger than the relay accepts.' },
  busy: { status: 503, code: 'relay_busy', description: 'Too many channels are open; try again shortly.' },
  closing: { status: 503, code: 'relay_closing', description: 'The relay is shutting down.' },
  timeout: { status: 504, code: 'relay_timeout', description: 'Nobody answered on this channel in time.' },
} as const

export type LinkRelayAnswer = keyof typeof LINK_RELAY_ANSWERS

// The relay only forwards opaque bytes (Pubky encrypts them end to end) and carries no
// credentials, so any origin may use it, as pubky-core's own relay allows.
const CORS = { 'Access-Control-Allow-Origin': '*' }

/** Writes bytes (status 200) to a request still waiting for its answer; a gone one is skipped. */
export function writeBytes(res: ServerResponse, body: Buffer): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(200, { ...CORS, 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-store' })
  res.end(body)
}

/** Writes one row of `LINK_RELAY_ANSWERS` as JSON, with extra headers. */
export function writeRefusal(res: ServerResponse, name: LinkRelayAnswer, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return
  const { status, code, description } = LINK_RELAY_ANSWERS[name]
  const body = JSON.stringify({ code, description })
  res.writeHead(status, { ...CORS, ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' })
  res.end(body)
}

/** Answers a CORS preflight for the channel. */
export function writePreflight(res: ServerResponse): void {
  res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' })
  res.end()
}
