import { request } from 'node:http'

import type { Answer } from '../../support/http'

/** A request as data, its target sent byte for byte (no URL parsing: `..`, `//` and `%2F` reach the server as written). */
export interface RawSend {
  method?: string
  target: string
  authorization?: string
  cookie?: string
  headers?: Record<string, string>
  /** A JSON body (Content-Type: application/json). */
  json?: unknown
}

/**
 * Sends one request over real HTTP with node:http, whose `path` is the request target as given
 * (fetch would resolve `..` and `.` first), and reads the whole answer.
 */
export function sendRaw(base: string, { method = 'GET', target, authorization, cookie, headers = {}, json }: RawSend): Promise<Answer> {
  const url = new URL(base)
  const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json))
  const sent: Record<string, string | number> = { ...headers }
  if (authorization !== undefined) sent.authorization = authorization
  if (cookie !== undefined) sent.cookie = cookie
  if (body !== undefined) Object.assign(sent, { 'content-type': 'application/json', 'content-length': body.length })
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: target, headers: sent, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const type = String(res.headers['content-type'] ?? '')
        const www = res.headers['www-authenticate']
        resolve({ status: res.statusCode ?? 0, body: type.includes('json') && text !== '' ? JSON.parse(text) : text, wwwAuthenticate: typeof www === 'string' ? www : null })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
