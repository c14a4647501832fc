import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

import { NodeRequest } from '../../../src/adapters/node-request'
import { createAuthenticator } from '../../../src/core/pipeline/create-authenticator'
import type { AuthOutcome } from '../../../src/core/types'

/** The package's pipeline for a key, as a node:http route would run it. */
export function protect(secretOrPublicKey: string, blackList: (token: string) => boolean, cookie = false): (req: IncomingMessage) => Promise<AuthOutcome> {
  const authenticate = createAuthenticator({ secretOrPublicKey, blackList, cookie })
  return async (req) => authenticate(new NodeRequest(req.headers, req.method, req.url))
}

export function parseRefreshToken(req: IncomingMessage, text: string): string | undefined {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return undefined
  try {
    const body = JSON.parse(text) as { refreshToken?: unknown } | null
    return typeof body?.refreshToken === 'string' ? body.refreshToken : undefined
  } catch {
    return undefined
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
