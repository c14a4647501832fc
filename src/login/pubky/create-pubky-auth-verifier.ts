import { createReplayGuard } from './create-replay-guard'
import type { PubkyAuthTokenResult } from './pubky-auth-token'
import type { ReplayGuard } from './replay-guard'
import { PUBKY_AUTH_WINDOW_MS, verifyPubkyAuthToken } from './verify-pubky-auth-token'

/** Options of `createPubkyAuthVerifier`. */
export interface PubkyAuthVerifierOptions {
  /** Where used tokens are remembered (default: `createReplayGuard()`, this process only). */
  replayGuard?: ReplayGuard
  /** How far a token's timestamp may be from now, either way (default 3 minutes, as pubky-core). */
  windowMs?: number
}

/** Verifies AuthTokens and lets each be used once. */
export interface PubkyAuthVerifier {
  /**
   * Verifies a token, then claims it in the replay guard.
   *
   * @param bytes - The token bytes.
   * @param now - The current time in milliseconds.
   */
  verify(bytes: Uint8Array, now: number): Promise<PubkyAuthTokenResult>
}

/**
 * An AuthToken verifier with a replay guard, as pubky-core's homeserver has: a token that
 * verifies is accepted once; its id (timestamp and public key) is remembered for twice the window
 * past its timestamp, as pubky-core's garbage collection keeps it, so a token can never be
 * accepted twice. A guard that throws (full, or its store down) makes `verify` reject: a fault.
 *
 * @param options - `replayGuard`, `windowMs`.
 * @throws TypeError for a bad option.
 * @example
 * const pubky = createPubkyAuthVerifier()
 * const result = await pubky.verify(bytes, Date.now())
 * if (!result.ok) return invalidChallenge(result.message)
 */
export function createPubkyAuthVerifier({ replayGuard = createReplayGuard(), windowMs = PUBKY_AUTH_WINDOW_MS }: PubkyAuthVerifierOptions = {}): PubkyAuthVerifier {
  if (typeof replayGuard?.claim !== 'function') throw new TypeError('jwt-hooks: "replayGuard" must have a claim(id, expiresAtMs) method')
  if (!Number.isInteger(windowMs) || windowMs < 1000) throw new TypeError('jwt-hooks: "windowMs" must be a whole number of milliseconds >= 1000')
  return {
    async verify(bytes: Uint8Array, now: number): Promise<PubkyAuthTokenResult> {
      const result = verifyPubkyAuthToken(bytes, now, windowMs)
      if (!result.ok) return result
      const first = await replayGuard.claim(result.token.replayId, result.token.timestampMs + 2 * windowMs)
      return first ? result : { ok: false, problem: 'replayed', message: 'The AuthToken was already used.' }
    },
  }
}
