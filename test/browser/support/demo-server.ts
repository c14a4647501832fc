import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { ServiceManager } from '@foal/core'

import { createDemoApp } from '../../../src/demo/create-demo-app'
import { LoginAttempts } from '../../../src/login/login-attempts.service'
import { close } from '../../support/http'

/** One request as the demo server saw it: what came in (the names of its cookies) and what it answered. */
export interface Seen {
  method: string
  path: string
  /** The names of the cookies the browser sent, sorted. */
  cookies: string[]
  /** Whether an X-CSRF-Token header came. */
  csrfHeader: boolean
  status: number
}

/** The real demo app (in cookie mode, as the test's env says) on 127.0.0.1, a login clock the test moves, and a log of requests. */
export interface BrowserDemo {
  url: string
  /** Every request so far, oldest first. */
  seen: Seen[]
  /** Moves the login attempts' clock (milliseconds). */
  advance(ms: number): void
  close(): Promise<void>
}

function cookieNames(req: IncomingMessage): string[] {
  const header = req.headers.cookie
  if (header === undefined) return []
  return header.split(';').map((part) => part.slice(0, part.indexOf('=')).trim()).sort()
}

export async function startBrowserDemo(): Promise<BrowserDemo> {
  let now = Date.UTC(2030, 0, 1)
  const services = new ServiceManager()
  services.get(LoginAttempts).clock = () => now
  const app = await createDemoApp(services)
  const seen: Seen[] = []
  const server: Server = createServer((req, res) => {
    const entry = { method: req.method ?? '', path: (req.url ?? '').split('?')[0], cookies: cookieNames(req), csrfHeader: req.headers['x-csrf-token'] !== undefined }
    res.on('finish', () => seen.push({ ...entry, status: res.statusCode }))
    app.handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    advance(ms) {
      now += ms
    },
    async close() {
      await close(server)
      app.close()
    },
  }
}

/**
 * Another origin, for forged requests: a page at `/` with a form posting `fields` to `target`,
 * and a button that sends the same with fetch (credentials included, no-cors). Served on `host`
 * (127.0.0.2 is another site; 127.0.0.1 on another port is the same site, another origin).
 */
export async function startAttacker(host: string, target: string, fields: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('')
  const page =
    '<!doctype html><html><head><title>You won!</title></head><body>' +
    `<form id="forge" method="post" action="${target}">${inputs}<button id="claim">Claim your prize</button></form>` +
    '</body></html>'
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(page)
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/`, close: () => close(server) }
}
