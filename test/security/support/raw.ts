import { request, type Agent } from 'node:http'
import { connect } from 'node:net'

import type { Answer } from '../../support/http'

/** No answer within this many ms is a hang, and a failure. */
export const HANG_MS = 5_000

/** The whole answer plus the response headers, for tests that look at more than the table's three fields. */
export interface RawAnswer extends Answer {
  headers: Record<string, string | string[] | undefined>
}

/**
 * Sends one GET with headers given as raw bytes, over a fresh TCP connection, so that values
 * Node's own client refuses (any byte ≥ 0x80, any length) still travel as sent.
 * @param url the server and path, `http://127.0.0.1:port/path`.
 * @param headers name → value; the value's UTF-8 bytes go on the wire unchanged.
 */
export function sendRaw(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url)
  const head = Buffer.concat([
    Buffer.from(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`, 'latin1'),
    ...Object.entries(headers).map(([name, value]) => Buffer.concat([Buffer.from(`${name}: `), Buffer.from(value, 'utf8'), Buffer.from('\r\n')])),
    Buffer.from('Connection: close\r\n\r\n'),
  ])
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${HANG_MS} ms`))
    }, HANG_MS)
    socket.on('data', (chunk) => chunks.push(chunk))
    // A server may close as soon as it has answered a request it refuses (431, 400): that is an answer.
    socket.on('error', (error) => {
      if (chunks.length === 0) {
        clearTimeout(timer)
        reject(error)
      }
    })
    socket.on('close', () => {
      clearTimeout(timer)
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    // Write, never end: a server may drop a request whose client has already half-closed.
    socket.write(head)
  })
}

/**
 * Sends one GET through `agent` (keep-alive) with header values given as Node would read them:
 * each UTF-8 byte as one latin1 character. Rejects after HANG_MS.
 */
export function sendLatin1(url: string, headers: Record<string, string>, agent: Agent): Promise<RawAnswer> {
  const wire: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) wire[name] = Buffer.from(value, 'utf8').toString('latin1')
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: wire, timeout: HANG_MS }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve(toAnswer(response.statusCode ?? 0, response.headers, text))
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${HANG_MS} ms`)))
    req.on('error', reject)
    req.end()
  })
}

/** The three fields the table decides: status, body, WWW-Authenticate. */
export function answerOf({ status, body, wwwAuthenticate }: RawAnswer): Answer {
  return { status, body, wwwAuthenticate }
}

function parseResponse(raw: Buffer): RawAnswer {
  const text = raw.toString('utf8')
  const end = text.indexOf('\r\n\r\n')
  if (end === -1) throw new Error(`not an HTTP response: ${JSON.stringify(text.slice(0, 200))}`)
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const status = Number(statusLine.split(' ')[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = text.slice(end + 4)
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = unchunk(body)
  return toAnswer(status, headers, body)
}

function unchunk(body: string): string {
  let out = ''
  let rest = Buffer.from(body, 'utf8')
  for (;;) {
    const line = rest.indexOf('\r\n')
    const size = parseInt(rest.subarray(0, line).toString('latin1'), 16)
    if (!(size > 0)) return out
    out += rest.subarray(line + 2, line + 2 + size).toString('utf8')
    rest = rest.subarray(line + 2 + size + 2)
  }
}

function toAnswer(status: number, headers: RawAnswer['headers'], text: string): RawAnswer {
  const contentType = String(headers['content-type'] ?? '')
  const body: unknown = contentType.includes('json') && text !== '' ? JSON.parse(text) : text
  const www = headers['www-authenticate']
  return { status, body, wwwAuthenticate: www === undefined ? null : String(www), headers }
}
