import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

import jwt from 'jsonwebtoken'

import { writeFailure } from '../../../src/adapters/write-failure'
import { isFailure } from '../../../src/core/types'
import { listen } from '../../support/http'
import { json, parseRefreshToken, protect, readBody, sha256 } from './server-parts'

/** The server's `TOKENS` answer, as DESIGN-SESSIONS.md writes it. */
export interface ServerTokens {
  accessToken: string
  refreshToken: string
  expiresAt: string | number
  token: string
}

/** A request the protected routes received: its path and the Authorization header it carried. */
export interface ApiRequest {
  path: string
  authorization: string | null
}

/** An answer the refresh endpoint gives instead of its own (a proxy's error page, say). */
export interface CannedAnswer {
  status: number
  contentType: string
  body: string
}

export interface RefreshServerOptions {
  /** Lifetime of the access tokens issued (default 3600 s; negative: issued expired). */
  accessTtlSeconds?: number
  /** How `expiresAt` is written: `iso` (the contract, default) or `ms` (the other ChatSDK form). */
  expiresAtAs?: 'iso' | 'ms'
  /** The clock tokens are issued by (default `Date.now`; the routes verify by the real one). */
  now?: () => number
}

/**
 * The refresh endpoint of the contract, over real HTTP on 127.0.0.1, and protected routes:
 * - `POST /auth/refresh` `{ refreshToken }` → 200 `TOKENS` (`Cache-Control: no-store`), rotating
 *   opaque 256-bit refresh tokens held as SHA-256; a spent token is reuse: the session is revoked;
 *   400 `invalid_grant` for every bad grant, 400 `invalid_request` for a bad body.
 * - `/api/echo` (any method), behind the package's own pipeline: 200 `{ sub, method,
 *   authorization, xApp, contentType, body }`, or the error table's 401 (`jwt expired`, `jwt revoked`).
 * - `/api/other-service`: a service with another key, which refuses every token (`invalid signature`).
 */
export class RefreshServer {
  static readonly SECRET = 'the-client-tests-secret-of-at-least-32-bytes'
  static readonly INVALID_GRANT = { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' }

  /** Every refresh request received (counted before any answer), and how each one ended. */
  readonly counts = { refresh: 0, refreshed: 0, invalidGrant: 0 }
  readonly apiRequests: ApiRequest[] = []
  /** The last TOKENS issued. */
  lastIssued: ServerTokens | undefined
  accessTtlSeconds: number
  expiresAtAs: 'iso' | 'ms'
  now: () => number
  /** While set, the refresh endpoint answers this (after counting the request). */
  cannedAnswer: CannedAnswer | undefined
  /** Static files served at their path (a page and the client's modules, for a browser). */
  readonly files = new Map<string, CannedAnswer>()

  private readonly sessions = new Map<string, { sub: string; revoked: boolean }>()
  private readonly refreshTokens = new Map<string, { sid: string; spent: boolean }>()
  private readonly server = createServer((req, res) => void this.route(req, res))
  private readonly echo = protect(RefreshServer.SECRET, (token) => this.isRevoked(token))
  private readonly otherService = protect('another-service-key-of-at-least-32-bytes!!', () => false)
  private gate: Promise<void> | undefined
  private readonly apiGates = new Map<string, Promise<void>>()
  private arrivals: (() => void)[] = []
  private port = 0

  constructor(options: RefreshServerOptions = {}) {
    this.accessTtlSeconds = options.accessTtlSeconds ?? 3600
    this.expiresAtAs = options.expiresAtAs ?? 'iso'
    this.now = options.now ?? Date.now
  }

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
    const sid = randomBytes(16).toString('base64url')
    this.sessions.set(sid, { sub, revoked: false })
    return this.issue(sid, sub)
  }

  /** Refresh requests wait, once counted, until the function returned is called. */
  holdRefreshes(): () => void {
    let release = (): void => {}
    this.gate = new Promise((resolve) => (release = resolve))
    return () => {
      this.gate = undefined
      release()
    }
  }

  /** Requests to /api with this `X-App` header wait, once recorded, until the function returned is called. */
  holdApiRequests(xApp: string): () => void {
    let release = (): void => {}
    this.apiGates.set(xApp, new Promise((resolve) => (release = resolve)))
    return () => {
      this.apiGates.delete(xApp)
      release()
    }
  }

  /** Resolves when the next refresh request arrives. */
  nextRefresh(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve))
  }

  private issue(sid: string, sub: string): ServerTokens {
    const iat = Math.floor(this.now() / 1000)
    const exp = iat + this.accessTtlSeconds
    const accessToken = jwt.sign({ sub, sid, jti: randomUUID(), iat, exp }, RefreshServer.SECRET, { algorithm: 'HS256' })
    const refreshToken = randomBytes(32).toString('base64url')
    this.refreshTokens.set(sha256(refreshToken), { sid, spent: false })
    const expiresAt = this.expiresAtAs === 'ms' ? exp * 1000 : new Date(exp * 1000).toISOString()
    this.lastIssued = { accessToken, refreshToken, expiresAt, token: accessToken }
    return this.lastIssued
  }

  private isRevoked(token: string): boolean {
    const { sid } = jwt.decode(token) as { sid: string }
    return this.sessions.get(sid)?.revoked !== false
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/auth/refresh' && req.method === 'POST') return this.refresh(req, res)
    if (path === '/api/echo' || path === '/api/other-service') {
      this.apiRequests.push({ path, authorization: req.headers.authorization ?? null })
      await this.apiGates.get(String(req.headers['x-app']))
      const body = await readBody(req)
      const outcome = await (path === '/api/echo' ? this.echo : this.otherService)(req)
      if (isFailure(outcome)) return writeFailure(res, outcome)
      const { sub } = outcome.payload as { sub: string }
      const header = (name: string): string | null => (req.headers[name] as string | undefined) ?? null
      return json(res, 200, { sub, method: req.method, authorization: header('authorization'), xApp: header('x-app'), contentType: header('content-type'), body })
    }
    const file = this.files.get(path)
    if (file !== undefined && req.method === 'GET') {
      res.writeHead(file.status, { 'Content-Type': file.contentType })
      return void res.end(file.body)
    }
    json(res, 404, { code: 'not_found' })
  }

  private async refresh(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counts.refresh++
    for (const arrived of this.arrivals.splice(0)) arrived()
    if (this.gate !== undefined) await this.gate
    const text = await readBody(req)
    if (this.cannedAnswer !== undefined) {
      res.writeHead(this.cannedAnswer.status, { 'Content-Type': this.cannedAnswer.contentType })
      return void res.end(this.cannedAnswer.body)
    }
    const refreshToken = parseRefreshToken(req, text)
    if (refreshToken === undefined) {
      const errors = [{ property: 'refreshToken', constraints: { isString: 'refreshToken must be a string' } }]
      return json(res, 400, { code: 'invalid_request', description: 'The request body is invalid.', errors })
    }
    const grant = this.refreshTokens.get(sha256(refreshToken))
    const session = grant && this.sessions.get(grant.sid)
    if (grant === undefined || session === undefined || grant.spent || session.revoked) {
      // A spent token presented again is reuse: the whole session goes (RFC 6819 §5.2.2.3).
      if (grant?.spent && session !== undefined) session.revoked = true
      this.counts.invalidGrant++
      return json(res, 400, RefreshServer.INVALID_GRANT)
    }
    grant.spent = true
    this.counts.refreshed++
    json(res, 200, this.issue(grant.sid, session.sub), { 'Cache-Control': 'no-store' })
  }
}
