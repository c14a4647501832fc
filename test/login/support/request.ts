import { request, type IncomingMessage } from 'node:http'

/** The whole answer of one request, as tests assert it. */
export interface Reply {
  status: number
  body: unknown
  headers: Record<string, string | string[] | undefined>
}

export interface PostOptions {
  /** Sent as is (a string) or as JSON (anything else). */
  body: unknown
  headers?: Record<string, string>
  /** The client's address, e.g. 127.0.0.5: on Linux all of 127/8 is loopback, so tests act as several clients. */
  localAddress?: string
}

export interface SendOptions {
  method: string
  headers?: Record<string, string>
  /** Sent as is; none at all when undefined (with `transfer-encoding: chunked`, an empty chunked body). */
  text?: string
  localAddress?: string
}

/** POSTs over real HTTP (node:http, so the client address can be chosen). */
export function post(url: string, { body, headers = {}, localAddress }: PostOptions): Promise<Reply> {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, text, localAddress })
}

/** GETs over real HTTP, with a bearer token or other headers. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return send(url, { method: 'GET', headers })
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

/** Any request over real HTTP, headers exactly as given (node:http adds only Host and Connection). */
export function send(url: string, { method, headers = {}, text, localAddress }: SendOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress, agent: false }, (res) => readReply(res).then(resolve, reject))
    req.on('error', reject)
    req.end(text)
  })
}

/** A response read whole: its body parsed when it says JSON. */
export function readReply(res: IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('error', reject)
    res.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const json = (res.headers['content-type'] ?? '').includes('json') && raw !== ''
      resolve({ status: res.statusCode ?? 0, body: json ? JSON.parse(raw) : raw, headers: res.headers })
    })
  })
}
