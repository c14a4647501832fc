import { randomBytes, randomUUID } from 'node:crypto'

import jwt from 'jsonwebtoken'

import { sha256 } from './server-parts'

/** The server's `TOKENS` answer, as DESIGN-SESSIONS.md writes it. */
export interface ServerTokens {
  accessToken: string
  refreshToken: string
  expiresAt: string | number
  token: string
}

/** How tokens are issued: their lifetime, the form of `expiresAt`, the clock. */
export interface IssueSettings {
  accessTtlSeconds: number
  expiresAtAs: 'iso' | 'ms'
  now: () => number
}

/**
 * Sessions and their refresh-token families, as the contract has them: an access token is a JWT
 * with `sub`, `sid`, `jti`, `iat`, `exp`; a refresh token is opaque (256 random bits), held as
 * SHA-256 only, spent by its one use; a spent one presented again revokes the whole session.
 */
export class SessionBook {
  static readonly SECRET = 'the-client-tests-secret-of-at-least-32-bytes'

  private readonly sessions = new Map<string, { sub: string; revoked: boolean }>()
  private readonly refreshTokens = new Map<string, { sid: string; spent: boolean }>()

  constructor(private readonly settings: IssueSettings) {}

  /** A sign-in: a new session and its first tokens. */
  signIn(sub: string): ServerTokens {
    const sid = randomBytes(16).toString('base64url')
    this.sessions.set(sid, { sub, revoked: false })
    return this.issue(sid, sub)
  }

  /** A refresh: the new tokens, or `undefined` for every bad grant (unknown, spent, revoked). */
  rotate(refreshToken: string): ServerTokens | undefined {
    const grant = this.refreshTokens.get(sha256(refreshToken))
    const session = grant && this.sessions.get(grant.sid)
    if (grant === undefined || session === undefined) return undefined
    // A spent token presented again is reuse: the whole session goes (RFC 6819 §5.2.2.3).
    if (grant.spent) session.revoked = true
    if (session.revoked) return undefined
    grant.spent = true
    return this.issue(grant.sid, session.sub)
  }

  /** The blackList of the protected routes: an access token of a revoked session. */
  isRevoked(accessToken: string): boolean {
    const { sid } = jwt.decode(accessToken) as { sid: string }
    return this.sessions.get(sid)?.revoked !== false
  }

  private issue(sid: string, sub: string): ServerTokens {
    const { accessTtlSeconds, expiresAtAs, now } = this.settings
    const iat = Math.floor(now() / 1000)
    const exp = iat + accessTtlSeconds
    const accessToken = jwt.sign({ sub, sid, jti: randomUUID(), iat, exp }, SessionBook.SECRET, { algorithm: 'HS256' })
    const refreshToken = randomBytes(32).toString('base64url')
    this.refreshTokens.set(sha256(refreshToken), { sid, spent: false })
    const expiresAt = expiresAtAs === 'ms' ? exp * 1000 : new Date(exp * 1000).toISOString()
    return { accessToken, refreshToken, expiresAt, token: accessToken }
  }
}
