/**
 * One sign-in, as a `SessionStore` holds it. Times are milliseconds since the epoch, and every
 * operation that depends on the time takes `now`: a store never reads the clock itself.
 */
export interface StoredSession {
  /** Random, 128 bits or more, base64url; made by the caller. */
  sid: string
  /** The subject: the `sub` of every token of the session. */
  sub: string
  /** The normalized capabilities string (`caps` claim), when the session has one. */
  caps?: string
  /** A JSON object copied into every access token of the session (email, name, image, custom…). */
  claims?: Record<string, unknown>
  createdAt: number
  /** The session's hard end (`settings.jwt.refreshExpiresIn` after sign-in); a refresh never moves it. */
  expiresAt: number
  /** The latest `exp` of any access token issued in the session: a revoked sid matters until then. */
  accessExpiresAt: number
  /** When the session was revoked (logout, sign-out, a reused refresh token). */
  revokedAt?: number
}

/** What `create` takes: a session not yet revoked. */
export type NewSession = Omit<StoredSession, 'revokedAt'>

/** The next link of a refresh-token family, and the `exp` of the access token issued with it. */
export interface Rotation {
  /** SHA-256 of the new refresh token (the caller hashes; the store keeps only this). */
  nextHash: string
  /** The `exp` (milliseconds) of the access token about to be issued. */
  accessExpiresAt: number
}

/**
 * How a rotation ended. `rotated`: the token is spent and `nextHash` is the family's current one.
 * `reused`: the token had been spent before, so the whole session is now revoked. `invalid`: the
 * token is unknown, or its session is revoked or past `expiresAt`.
 */
export type RotateResult =
  | { outcome: 'rotated'; session: StoredSession }
  | { outcome: 'reused'; sid: string }
  | { outcome: 'invalid' }

/** A revoked sid, and until when its access tokens could still be valid (remember it until then). */
export interface Revocation {
  sid: string
  until: number
}

/** One page of revocations after a cursor. */
export interface RevocationPage {
  /** The revoked sids whose access tokens could still be valid at `now`. */
  revoked: Revocation[]
  /** Where the next call starts; opaque. */
  cursor: string
  /** `true` when the page was full: call again with `cursor` at once. */
  more: boolean
}

/**
 * Where sessions, their refresh-token families and their revocations live. Every race is decided
 * atomically in the store, across processes for a shared store: of N parallel rotations of one
 * token exactly one is `rotated`; a rotation that fails (a store fault rejects with the
 * underlying error) spends nothing and adds nothing.
 */
export interface SessionStore {
  /**
   * Records a new session and the first refresh token of its family.
   * @param session the session; its `sid` must be new.
   * @param refreshHash SHA-256 of the first refresh token.
   */
  create(session: NewSession, refreshHash: string): Promise<void>

  /**
   * Spends a refresh token and makes `rotation.nextHash` the family's current one, in one atomic step.
   * A token spent before is reuse: the session is revoked in the same step.
   * @param refreshHash SHA-256 of the refresh token presented.
   * @param rotation the next token's hash and the coming access token's `exp`.
   * @param now the current time, milliseconds.
   */
  rotate(refreshHash: string, rotation: Rotation, now: number): Promise<RotateResult>

  /**
   * Revokes a session (idempotent).
   * @returns `true` when this call revoked it, `false` when it was unknown or already revoked.
   */
  revoke(sid: string, now: number): Promise<boolean>

  /**
   * Records `revocation.sid` as revoked until `revocation.until` when the store holds no session
   * of it (one it lost: a Redis restarted without persistence): a record that reads as a revoked
   * session with `sub: ''` and no refresh token, numbered, published and swept like any
   * revocation, so every process refuses the sid's access tokens until they expire. What a
   * sign-out by a verified access token does when `revoke` found nothing. A store without it
   * revokes nothing then.
   * @returns `true` when recorded, `false` when the store holds the sid already (nothing done).
   */
  recordRevocation?(revocation: Revocation, now: number): Promise<boolean>

  /**
   * Revokes the session a refresh token belongs to, current or spent (logout by refresh token).
   * @returns the sid when the session was live (not revoked, not expired) before the call, else
   *   `undefined`: an unknown token, or a session that was already over (revoked here if it was not).
   */
  revokeByRefresh(refreshHash: string, now: number): Promise<string | undefined>

  /** The session with this sid, revoked or not, until `sweep` deletes it. */
  get(sid: string): Promise<StoredSession | undefined>

  /**
   * The session a refresh token belongs to (current or spent), revoked or not, without spending
   * anything: what cookie mode checks the CSRF token against before a refresh or a logout. A
   * store without it is still usable in cookie mode, with a weaker binding (see README).
   * @param refreshHash SHA-256 of the refresh token presented.
   */
  findByRefresh?(refreshHash: string): Promise<StoredSession | undefined>

  /**
   * The revocations after `cursor` whose tokens could still be valid at `now`, for a process that
   * keeps the revoked sids in memory: start with `undefined` (every such revocation), then poll
   * with the returned cursor. A revocation committed in any process is returned by a later poll,
   * whatever the order in which concurrent transactions commit.
   */
  revocationsSince(cursor: string | undefined, now: number): Promise<RevocationPage>

  /**
   * Deletes sessions that can no longer matter (past `expiresAt` or revoked, and past
   * `accessExpiresAt`) with their refresh tokens. Bounded work per call (`sweepBatch`): call it
   * periodically, say every minute.
   * @returns how many sessions were deleted.
   */
  sweep(now: number): Promise<number>

  /**
   * Calls `listener` with each revocation made after this call (in this process for the memory
   * and SQL stores; in every process for a store with push, such as Redis pub/sub). A store with
   * push calls `onLost` when it stops hearing the others and `onResync` each time it hears them
   * again (see `RedisSessionStore.subscribe`).
   * @returns a function that stops the calls.
   */
  subscribe?(listener: (revocation: Revocation) => void, options?: { onResync?: () => void; onLost?: () => void }): () => void
}
