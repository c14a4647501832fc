import { withTimeout } from '../../core/pipeline/with-timeout'
import { StoreLimitError } from '../../stores/store-limit-error'
import type { IssuedTokens } from '../../tokens/session-issuer'
import type { Sessions } from '../../tokens/sessions'
import { StoreUnavailableError } from '../../tokens/store-unavailable-error'
import type { Tokens } from '../../tokens/tokens'
import { ChallengeTextError } from '../challenge/challenge-text-error'
import { createChallengeNonce } from '../challenge/create-challenge-nonce'
import { createChallengeText } from '../challenge/create-challenge-text'
import type { Ed25519PublicKey } from '../identity/parse-public-key'
import { verifySignature } from '../identity/verify-signature'
import { verifyPubkyAuthToken } from '../pubky/verify-pubky-auth-token'
import { checkKeySignInOptions, type KeySignInOptions, type KeySignInSettings } from './check-key-sign-in-options'
import type { IssuedChallenge, IssueRefusal, ProvenKey } from './key-sign-in-results'
import { nonceOf } from './nonce-of'
import { recordKeyIdentity } from './record-key-identity'

/**
 * Public-key sign-in (Textile's challenge, Pubky's AuthToken), framework-free: issues challenges,
 * checks their answers and AuthTokens, records the identity and opens the session. The HTTP
 * endpoints, the FoalTS controller and the WebSocket door translate it. Made by `createKeySignIn`;
 * in a FoalTS app it is the service the `KeySignInController` depends on.
 */
export class KeySignIn {
  /** @internal The options as checked. */
  settings!: KeySignInSettings
  private sweeper: NodeJS.Timeout | undefined

  /** @param options see `createKeySignIn`; checked by `boot` (which `createKeySignIn` calls). */
  constructor(private readonly options: KeySignInOptions = {}) {}

  /** Checks the options and starts sweeping expired challenges; once. FoalTS calls it. */
  boot(): void {
    if (this.settings !== undefined) return
    this.settings = checkKeySignInOptions(this.options)
    const { sweepInterval, challenges, clock } = this.settings
    if (sweepInterval !== false) {
      this.sweeper = setInterval(() => void challenges.sweep(clock()).catch(() => undefined), sweepInterval)
      this.sweeper.unref()
    }
  }

  /** The host a challenge names: the configured one, else (when trusted) the Host header's; or none. */
  hostOf(hostHeader: string | undefined): string | undefined {
    this.boot()
    return this.settings.host ?? (this.settings.trustHostHeader ? hostHeader?.toLowerCase() : undefined)
  }

  /**
   * Issues a challenge for `key` and `caps` (normalized), naming `host`, and stores it.
   * @throws StoreUnavailableError when the store fails or is late.
   */
  async issue(key: Ed25519PublicKey, caps: string, host: string | undefined): Promise<IssuedChallenge | IssueRefusal> {
    this.boot()
    const { clock, challengeTtlMs, challenges } = this.settings
    const now = clock()
    const nonce = createChallengeNonce()
    const expiresAt = new Date(now + challengeTtlMs)
    let text: string
    try {
      text = createChallengeText({ host: host ?? '', publicKeyZ32: key.z32, caps, nonce, expiresAt })
    } catch (error) {
      if (!(error instanceof ChallengeTextError) || (error.field !== 'host' && error.field !== 'caps')) throw error
      return { refused: error.field, message: error.message }
    }
    try {
      await this.call('store a challenge', challenges.put({ id: nonce, publicKeyZ32: key.z32, caps, text, expiresAt: expiresAt.getTime() }, now))
    } catch (error) {
      const limit = (error as StoreUnavailableError).cause
      if (limit instanceof StoreLimitError) return { refused: limit.scope === 'key' ? 'tooMany' : 'full' }
      throw error
    }
    return { text, expiresAt }
  }

  /**
   * Checks an answer: the challenge is taken first (single use, right or wrong), then it must be
   * one issued for this key, with exactly this text, unexpired, and signed by the key.
   * @returns the proven key, or `undefined` for every refusal.
   * @throws StoreUnavailableError when the store fails or is late.
   */
  async answer(key: Ed25519PublicKey, text: string, signature: Uint8Array): Promise<ProvenKey | undefined> {
    this.boot()
    const nonce = nonceOf(text)
    if (nonce === undefined) return undefined
    const pending = await this.call('take a challenge', this.settings.challenges.take(nonce, this.settings.clock()))
    if (pending === undefined || pending.publicKeyZ32 !== key.z32 || pending.text !== text) return undefined
    if (!verifySignature(key, pending.text, signature)) return undefined
    return { subject: key.z32, caps: pending.caps }
  }

  /**
   * Checks a Pubky AuthToken's bytes as pubky-core does, and claims it once in the replay guard.
   * @returns the token's key and capabilities, or `undefined` for every refusal.
   * @throws StoreUnavailableError when the replay guard fails (full, or its store down).
   */
  async pubky(bytes: Uint8Array): Promise<ProvenKey | undefined> {
    this.boot()
    const { clock, pubkyWindowMs, replayGuard } = this.settings
    const result = verifyPubkyAuthToken(bytes, clock(), pubkyWindowMs)
    if (!result.ok) return undefined
    const { token } = result
    // Called inside the promise: a guard that throws at once (the memory one when full) is a fault too, not a 500.
    const claim = Promise.resolve().then(() => replayGuard.claim(token.replayId, token.timestampMs + 2 * pubkyWindowMs))
    const first = await this.call('remember an AuthToken', claim)
    return first ? { subject: token.publicKey, caps: token.capabilities } : undefined
  }

  /**
   * Opens the session of a proven key: its `KeyIdentity` recorded (when `identities` is set),
   * then `issueSession(subject, { caps })` (no `caps` claim when none were asked for).
   * @throws StoreUnavailableError when a store fails or is late.
   */
  async signIn(sessions: Sessions, proven: ProvenKey): Promise<Tokens> {
    return (await this.startSession(sessions, proven)).tokens
  }

  /** `signIn`, and when the session ends (ms): the refresh cookie of cookie mode needs it. */
  async startSession(sessions: Sessions, proven: ProvenKey): Promise<IssuedTokens> {
    this.boot()
    const { identities, clock } = this.settings
    if (identities !== undefined) await this.call('record a key identity', recordKeyIdentity(identities, proven.subject, new Date(clock())))
    return sessions.startSession(proven.subject, proven.caps === '' ? {} : { caps: proven.caps })
  }

  /** Stops sweeping (the stores stay open: they are the caller's). */
  close(): void {
    clearInterval(this.sweeper)
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
 * Public-key sign-in over a challenge store and a replay guard. Options left out come from
 * `settings.jwt.*` (`challengeTtl`) and `createSignInStores()` (memory).
 * @param options host or trustHostHeader, challengeTtl, challenges, replayGuard, identities, clock…
 * @throws TypeError naming a bad option.
 * @example
 * const signIn = createKeySignIn({ host: 'example.com', ...createSignInStores(storeDataSource), identities: dataSource })
 */
export function createKeySignIn(options: KeySignInOptions = {}): KeySignIn {
  const signIn = new KeySignIn(options)
  signIn.boot()
  return signIn
}
