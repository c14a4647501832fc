import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a test asserts: the whole answer. */
export interface Answer {
  status: number
  body: unknown
  wwwAuthenticate: string | null
}

/** A request as data: the method (GET unless said), headers, and a cookie header shortcut. */
export interface Send {
  method?: string
  authorization?: string
  cookie?: string
  headers?: Record<string, string>
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections?.()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

/** The whole answer and the type of its body, for suites that hold the Content-Type too. */
export interface TypedAnswer extends Answer {
  contentType: string | null
}

/** Sends one request (GET unless said) over real HTTP and reads the whole answer. */
export async function send(url: string, request: Send = {}): Promise<Answer> {
  const { contentType: _type, ...answer } = await sendTyped(url, request)
  return answer
}

/** As `send`, with the answer's Content-Type. */
export async function sendTyped(url: string, request: Send = {}): Promise<TypedAnswer> {
  const headers: Record<string, string> = { ...request.headers }
  if (request.authorization !== undefined) headers.authorization = request.authorization
  if (request.cookie !== undefined) headers.cookie = request.cookie
  const response = await fetch(url, { method: request.method ?? 'GET', headers })
  const text = await response.text()
  const contentType = response.headers.get('content-type')
  let body: unknown = text
  if ((contentType ?? '').includes('json') && text !== '') body = JSON.parse(text)
  return { status: response.status, body, wwwAuthenticate: response.headers.get('www-authenticate'), contentType }
}
