import type { RevokedSessions } from '../core/types'
import { withTimeout } from '../core/pipeline/with-timeout'
import { checkGrant } from './check-grant'
import { checkSessionsOptions, type SessionsOptions, type SessionsSettings } from './check-sessions-options'
import { hashToken } from './random-token'
import { RevocationWatch } from './revocation-watch'
import { revokeOrRecord } from './revoke-or-record'
import { SessionIssuer } from './session-issuer'
import { startSessionSweeper } from './session-sweeper'
import { StoreUnavailableError } from './store-unavailable-error'
import type { SessionGrant, Tokens } from './tokens'

/**
 * Sessions with refresh tokens over one `SessionStore`: what the login, the refresh, logout and
 * minting endpoints share, and what a door's `sessions` option asks (`isRevoked`, no I/O). Made by
 * `createSessions`; in a FoalTS app it is also the service the controllers depend on
 * (`serviceManager.set(Sessions, sessions)`; left out, Foal makes one with a memory store).
 */
export class Sessions implements RevokedSessions {
  /** @internal The options as checked; the endpoints read the minting ones. */
  settings!: SessionsSettings
  /** @internal Issues and rotates; the endpoints sign the `wsToken` with it. */
  issuer!: SessionIssuer
  private watch: RevocationWatch | undefined
  private stopSweeping: (() => void) | undefined

  /** @param options see `createSessions`; the work is done by `boot` (which `createSessions` calls). */
  constructor(private readonly options: SessionsOptions = {}) {}

  /** Checks the options, builds the signer and starts watching revocations; once. FoalTS calls it. */
  boot(): void {
    if (this.watch !== undefined) return
    const settings = checkSessionsOptions(this.options)
    this.settings = settings
    this.issuer = new SessionIssuer(settings)
    this.watch = new RevocationWatch(settings.store, settings)
    this.stopSweeping = startSessionSweeper(settings)
  }

  /**
   * Signs in `subject`: a new session (sid), its first refresh token, an access token of it.
   * @param subject the `sub` (a user id), 1 to 255 characters.
   * @param grant `caps` (normalized capabilities) and `claims` (email, name…) for every access token of it.
   * @throws StoreUnavailableError when the store fails or is late; TypeError for a bad argument.
   */
  async issueSession(subject: string, grant: SessionGrant = {}): Promise<Tokens> {
    return (await this.startSession(subject, grant)).tokens
  }

  /** issueSession, and when the session ends (ms): `setAuthCookies(res, { ...tokens, sessionExpiresAt })` needs it. */
  async startSession(subject: string, grant: SessionGrant = {}): Promise<{ tokens: Tokens; sessionExpiresAt: number }> {
    this.boot()
    checkGrant(subject, grant)
    const { tokens, sessionExpiresAt } = await this.issuer.issue(subject, grant)
    return { tokens, sessionExpiresAt }
  }

  /**
   * Rotates a refresh token: the next pair, or `undefined` when the token is unknown, spent,
   * revoked or expired (a spent one revokes its session).
   * @throws StoreUnavailableError when the store fails (the token is not spent) or is late.
   */
  async refreshSession(refreshToken: string): Promise<Tokens | undefined> {
    this.boot()
    return (await this.issuer.refresh(refreshToken))?.tokens
  }

  /**
   * Revokes a session: its access tokens are refused (row 5), its refresh tokens `invalid_grant`.
   * @param sid the session.
   * @param options `until`: the `exp` (ms) of a verified access token of it, as logout passes:
   *   a store that lost the session then records the sid as revoked until that time.
   * @returns `true` when this call revoked it (or recorded its sid).
   * @throws StoreUnavailableError when the store fails or is late.
   */
  async revokeSession(sid: string, { until }: { until?: number } = {}): Promise<boolean> {
    this.boot()
    return this.call('revoke a session', revokeOrRecord(this.settings.store, sid, until, this.settings.clock()))
  }

  /**
   * Revokes the session of a refresh token (current or spent): logout by refresh token.
   * @returns `true` when its session was live until now, `false` for an unknown token or an ended session.
   * @throws StoreUnavailableError when the store fails or is late.
   */
  async revokeByRefreshToken(refreshToken: string): Promise<boolean> {
    this.boot()
    const sid = await this.call('revoke a session', this.settings.store.revokeByRefresh(hashToken(refreshToken), this.settings.clock()))
    return sid !== undefined
  }

  /** Whether `sid` names a revoked session whose tokens could still be valid: memory only. */
  isRevoked(sid: string): boolean {
    if (this.watch === undefined) this.boot()
    return this.watch!.isRevoked(sid)
  }

  /**
   * Resolves once the revocations have been read from the store: await it before listening, or a
   * restarted process would accept, for one poll, tokens revoked before it started.
   * @throws the store's error when that first read fails.
   */
  async ready(): Promise<void> {
    this.boot()
    await this.watch!.ready()
  }

  /** Stops polling and sweeping (the store stays open: it is the caller's). */
  close(): void {
    this.watch?.close()
    this.stopSweeping?.()
  }

  private async call<T>(operation: string, call: Promise<T>): Promise<T> {
    try {
      return await withTimeout(call, this.settings.timeout)
    } catch (error) {
      throw new StoreUnavailableError(operation, error)
    }
  }
}

/**
 * Sessions over a store: issue, refresh, revoke, and the in-memory revoked set the doors'
 * `sessions` option reads. Reads the revocations at once and then every `pollInterval`; await
 * `ready()` before listening. Options left out come from `settings.jwt.*`.
 * @param options store, signer, lifetimes, issuer, audience, apiKeys, intervals, timeout, clock.
 * @throws TypeError naming a bad option, or the signing key's problem; ConfigError for the configuration.
 * @example
 * const sessions = createSessions({ store: new TypeormSessionStore(storeDataSource) })
 * await sessions.ready()
 * app.use(authRoutes(sessions))
 * app.get('/api/me', jwtRequired({ sessions }), (req, res) => res.json(req.user))
 */
export function createSessions(options: SessionsOptions = {}): Sessions {
  const sessions = new Sessions(options)
  sessions.boot()
  return sessions
}
