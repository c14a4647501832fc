import { randomUUID } from 'node:crypto'

import { TimeoutError, withTimeout } from '../core/pipeline/with-timeout'
import type { SessionStore, StoredSession } from '../stores/session-store'
import type { TokenSigner } from './create-token-signer'
import { LateRotations } from './late-rotations'
import { hashToken, randomToken } from './random-token'
import { StoreUnavailableError } from './store-unavailable-error'
import type { SessionGrant, Tokens } from './tokens'

/** What the issuer is built with, checked already (`createSessions`). */
export interface IssuerSettings {
  store: SessionStore
  signer: TokenSigner | undefined
  /** Access-token lifetime, seconds. */
  accessLifetime: number
  /** Session lifetime from sign-in, seconds. */
  sessionLifetime: number
  issuer: string | undefined
  audience: string | undefined
  /** Milliseconds a store call may take before the endpoint answers 503. */
  timeout: number
  clock: () => number
}

/** Tokens just issued, and the end of their session (ms): the refresh cookie's expiry, in cookie mode. */
export interface IssuedTokens {
  tokens: Tokens
  sessionExpiresAt: number
}

/** A session just made: its tokens, its end, and the access token's claims (for more tokens of it). */
export interface IssuedSession extends IssuedTokens {
  claims: Record<string, unknown>
}

const SID_BYTES = 16
const REFRESH_BYTES = 32

/**
 * Makes sessions and their tokens, and rotates refresh tokens: the work behind `issueSession`
 * and `POST /auth/refresh`. Every store call is bounded by `timeout`; a fault or a late answer
 * is a `StoreUnavailableError`.
 */
export class SessionIssuer {
  private readonly late = new LateRotations()

  constructor(private readonly settings: IssuerSettings) {}

  /**
   * Creates a session for `subject` with its first refresh token, and an access token of it.
   * @throws StoreUnavailableError when the store fails or is late (the session may exist, unused).
   */
  async issue(subject: string, { caps, claims }: SessionGrant): Promise<IssuedSession> {
    const signer = this.signer()
    const { store, clock, accessLifetime, sessionLifetime } = this.settings
    const now = clock()
    const iat = Math.floor(now / 1000)
    const expiresAt = now + sessionLifetime * 1000
    // RFC 6749 §6 leaves it open; here an access token never outlives its session.
    const exp = Math.min(iat + accessLifetime, Math.floor(expiresAt / 1000))
    const session: StoredSession = {
      sid: randomToken(SID_BYTES),
      sub: subject,
      ...(caps !== undefined && { caps }),
      ...(claims !== undefined && { claims }),
      createdAt: now,
      expiresAt,
      accessExpiresAt: exp * 1000,
    }
    const refreshToken = randomToken(REFRESH_BYTES)
    await this.bounded('create a session', store.create(session, hashToken(refreshToken)))
    const access = this.accessClaims(session, iat, exp)
    return { tokens: toTokens(signer.sign(access), refreshToken, exp), claims: access, sessionExpiresAt: expiresAt }
  }

  /**
   * Spends a refresh token and answers the next pair, or `undefined` for a bad grant (unknown,
   * spent, revoked, expired: one answer). A spent token's session is revoked by the store.
   * @throws StoreUnavailableError when the store fails (nothing spent) or is late.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens | undefined> {
    // Before the store is asked: a signer missing must not spend the token.
    this.signer()
    const { store, clock, accessLifetime } = this.settings
    const hash = hashToken(refreshToken)
    const late = this.late.take(hash, clock())
    if (late !== undefined) {
      const result = await this.bounded('rotate a refresh token', late.result, () => this.late.adopt(hash, late.result, late.nextToken, clock()))
      if (result?.outcome === 'rotated') return this.rotated(result.session, late.nextToken, clock())
    }
    const now = clock()
    const nextToken = randomToken(REFRESH_BYTES)
    const accessExpiresAt = (Math.floor(now / 1000) + accessLifetime) * 1000
    const rotation = store.rotate(hash, { nextHash: hashToken(nextToken), accessExpiresAt }, now)
    const result = await this.bounded('rotate a refresh token', rotation, () => this.late.adopt(hash, rotation, nextToken, clock()))
    return result.outcome === 'rotated' ? this.rotated(result.session, nextToken, now) : undefined
  }

  /** Signs more claims with the session signer (a `wsToken`). */
  sign(claims: Record<string, unknown>): string {
    return this.signer().sign(claims)
  }

  private rotated(session: StoredSession, nextToken: string, now: number): IssuedTokens {
    const iat = Math.floor(now / 1000)
    const exp = Math.min(iat + this.settings.accessLifetime, Math.floor(session.expiresAt / 1000))
    return { tokens: toTokens(this.signer().sign(this.accessClaims(session, iat, exp)), nextToken, exp), sessionExpiresAt: session.expiresAt }
  }

  private accessClaims(session: StoredSession, iat: number, exp: number): Record<string, unknown> {
    const { issuer, audience } = this.settings
    return {
      sub: session.sub,
      sid: session.sid,
      ...session.claims,
      ...(session.caps !== undefined && { caps: session.caps }),
      ...(issuer !== undefined && { iss: issuer }),
      ...(audience !== undefined && { aud: audience }),
      iat,
      exp,
      // RFC 7519 §4.1.7: unique, so revoking one token by jti never revokes another.
      jti: randomUUID(),
    }
  }

  private signer(): TokenSigner {
    if (this.settings.signer === undefined) throw new TypeError('jwt-hooks: these sessions were made with "signer: false": they issue no tokens')
    return this.settings.signer
  }

  /** The store's answer within the timeout, or a StoreUnavailableError (`onLate` runs on a timeout). */
  private async bounded<T>(operation: string, call: Promise<T>, onLate?: () => void): Promise<T> {
    try {
      return await withTimeout(call, this.settings.timeout)
    } catch (error) {
      if (error instanceof TimeoutError) onLate?.()
      throw new StoreUnavailableError(operation, error)
    }
  }
}

function toTokens(accessToken: string, refreshToken: string, exp: number): Tokens {
  return { accessToken, refreshToken, expiresAt: new Date(exp * 1000).toISOString(), token: accessToken }
}
