import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

import { writeFailure } from '../../../src/adapters/write-failure'
import { isFailure } from '../../../src/core/types'
import { listen } from '../../support/http'
import { readCookie } from '../../../src/core/extract/read-cookie'
import { json, parseRefreshToken, protect, readBody } from './server-parts'
import { SessionBook, type IssueSettings, type ServerTokens } from './session-book'

export type { ServerTokens }

/** A request the protected routes received: its path and the Authorization header it carried. */
export interface ApiRequest {
  path: string
  authorization: string | null
}

/** An answer given as it is: a proxy's error page instead of the refresh's, or a static file. */
export interface CannedAnswer {
  status: number
  contentType: string
  body: string
}

/**
 * The refresh endpoint of the contract, over real HTTP on 127.0.0.1, and protected routes:
 * - `POST /auth/refresh` `{ refreshToken }` → 200 `TOKENS` (`Cache-Control: no-store`), rotating
 *   (see SessionBook); 400 `invalid_grant` for every bad grant, 400 `invalid_request` for a bad body.
 * - `/api/echo` (and `/api/me`, the same; any method), behind the package's own pipeline: 200 `{ sub, method,
 *   authorization, xApp, contentType, body }`, or the error table's 401 (`jwt expired`, `jwt revoked`).
 * - `/api/other-service`: a service with another key, which refuses every token (`invalid signature`).
 * - `POST /auth/login` `{ email, password }`: TOKENS for `the password`, else 401 `invalid_credentials`.
 * Cookie mode (`cookieMode`), as DESIGN-SESSIONS.md has it: `/api/me` reads the `auth` cookie
 * instead of the header; `signInWithCookies` gives the cookies a login sets
 * (`auth` and `refresh`, HttpOnly, and `XSRF-TOKEN`); a refresh whose body has no refresh token
 * reads the `refresh` cookie, requires `X-CSRF-Token` to echo `XSRF-TOKEN` (else 403
 * `invalid_csrf_token`), and sets both HttpOnly cookies again.
 * The settings (`accessTtlSeconds`, default 3600, negative: issued expired; `expiresAtAs`, `iso`
 * as the contract or `ms`; `now`, the clock tokens are issued by) may change between sign-ins.
 */
export class RefreshServer implements IssueSettings {
  static readonly INVALID_GRANT = { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' }

  accessTtlSeconds = 3600
  expiresAtAs: 'iso' | 'ms' = 'iso'
  now: () => number = Date.now
  cookieMode = false
  /** Every refresh request received (counted before any answer), and how each one ended. */
  readonly counts = { refresh: 0, refreshed: 0, invalidGrant: 0 }
  readonly apiRequests: ApiRequest[] = []
  /** The last TOKENS issued. */
  lastIssued: ServerTokens | undefined
  /** While set, the refresh endpoint answers this (after counting the request). */
  cannedAnswer: CannedAnswer | undefined
  /** Static files served at their path (a page and the client's modules, for a browser). */
  readonly files = new Map<string, CannedAnswer>()

  private readonly book = new SessionBook(this)
  private readonly server = createServer((req, res) => void this.route(req, res))
  private readonly echo = protect(SessionBook.SECRET, (token) => this.book.isRevoked(token))
  private readonly cookieEcho = protect(SessionBook.SECRET, (token) => this.book.isRevoked(token), true)
  private readonly otherService = protect('another-service-key-of-at-least-32-bytes!!', () => false)
  private refreshGate: Promise<void> | undefined
  private readonly apiGates = new Map<string, Promise<void>>()
  private arrivals: (() => void)[] = []
  private port = 0

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get refreshUrl(): string {
    return `${this.origin}/auth/refresh`
  }

  async start(): Promise<this> {
    this.port = Number(new URL(await listen(this.server)).port)
    return this
  }

  /** Stops listening and drops every connection: the next request fails as with the network down. */
  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** Listens again on the same port, with the same sessions. */
  async reopen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.port, '127.0.0.1', () => resolve())
    })
  }

  /** A sign-in: a new session and its first TOKENS (what `POST /auth/login` answers). */
  signIn(sub = 'user-1'): ServerTokens {
    return (this.lastIssued = this.book.signIn(sub))
  }

  /** A sign-in in cookie mode: the TOKENS of the answer's body, and the cookies it sets. */
  signInWithCookies(sub = 'user-1'): { tokens: ServerTokens; cookies: { name: string; value: string; path: string; httpOnly: boolean }[] } {
    const tokens = this.signIn(sub)
    const csrf = `csrf-${tokens.refreshToken.slice(0, 16)}`
    const cookies = [
      ...this.tokenCookies(tokens).map(({ name, value, path }) => ({ name, value, path, httpOnly: true })),
      { name: 'XSRF-TOKEN', value: csrf, path: '/', httpOnly: false },
    ]
    return { tokens, cookies }
  }

  /** Refresh requests wait, once counted, until the function returned is called. */
  holdRefreshes(): () => void {
    const { gate, release } = createGate()
    this.refreshGate = gate
    return () => {
      this.refreshGate = undefined
      release()
    }
  }

  /** Requests to /api with this `X-App` header wait, once recorded, until the function returned is called. */
  holdApiRequests(xApp: string): () => void {
    const { gate, release } = createGate()
    this.apiGates.set(xApp, gate)
    return () => {
      this.apiGates.delete(xApp)
      release()
    }
  }

  /** Resolves when the next refresh request arrives. */
  nextRefresh(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve))
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/auth/refresh' && req.method === 'POST') return this.refresh(req, res)
    if (path === '/auth/login' && req.method === 'POST') return this.login(req, res)
    if (API_ROUTES.includes(path)) return this.api(path, req, res)
    const file = this.files.get(path)
    if (file === undefined || req.method !== 'GET') return json(res, 404, { code: 'not_found' })
    res.writeHead(file.status, { 'Content-Type': file.contentType })
    res.end(file.body)
  }

  private async refresh(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counts.refresh++
    for (const arrived of this.arrivals.splice(0)) arrived()
    await this.refreshGate
    const text = await readBody(req)
    if (this.cannedAnswer !== undefined) {
      res.writeHead(this.cannedAnswer.status, { 'Content-Type': this.cannedAnswer.contentType })
      return void res.end(this.cannedAnswer.body)
    }
    const cookie = readCookie(req.headers.cookie, 'refresh')
    const refreshToken = text === '' && cookie !== undefined ? cookie : parseRefreshToken(req, text)
    if (refreshToken === cookie && req.headers['x-csrf-token'] !== readCookie(req.headers.cookie, 'XSRF-TOKEN')) {
      return json(res, 403, { code: 'invalid_csrf_token', description: 'CSRF token missing or incorrect.' })
    }
    if (refreshToken === undefined) {
      const errors = [{ property: 'refreshToken', constraints: { isString: 'refreshToken must be a string' } }]
      return json(res, 400, { code: 'invalid_request', description: 'The request body is invalid.', errors })
    }
    const tokens = this.book.rotate(refreshToken)
    if (tokens === undefined) {
      this.counts.invalidGrant++
      return json(res, 400, RefreshServer.INVALID_GRANT)
    }
    this.counts.refreshed++
    this.lastIssued = tokens
    if (refreshToken === cookie) {
      res.setHeader('Set-Cookie', this.tokenCookies(tokens).map(({ name, value, path }) => `${name}=${value}; Path=${path}; HttpOnly; SameSite=Lax`))
    }
    json(res, 200, tokens, { 'Cache-Control': 'no-store' })
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as { email?: unknown; password?: unknown }
    if (body.password !== 'the password') return json(res, 401, { code: 'invalid_credentials', description: 'Incorrect email or password.' })
    json(res, 200, this.signIn(String(body.email)), { 'Cache-Control': 'no-store' })
  }

  private tokenCookies(tokens: ServerTokens): { name: string; value: string; path: string }[] {
    return [
      { name: 'auth', value: tokens.accessToken, path: '/' },
      { name: 'refresh', value: tokens.refreshToken, path: '/auth' },
    ]
  }

  private async api(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.apiRequests.push({ path, authorization: req.headers.authorization ?? null })
    await this.apiGates.get(String(req.headers['x-app']))
    const body = await readBody(req)
    const door = path === '/api/other-service' ? this.otherService : path === '/api/me' && this.cookieMode ? this.cookieEcho : this.echo
    const outcome = await door(req)
    if (isFailure(outcome)) return writeFailure(res, outcome)
    const { sub } = outcome.payload as { sub: string }
    const header = (name: string): string | null => (req.headers[name] as string | undefined) ?? null
    json(res, 200, { sub, method: req.method, authorization: header('authorization'), xApp: header('x-app'), contentType: header('content-type'), body })
  }
}

const API_ROUTES = ['/api/echo', '/api/me', '/api/other-service']

function createGate(): { gate: Promise<void>; release: () => void } {
  let release = (): void => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  return { gate, release }
}
