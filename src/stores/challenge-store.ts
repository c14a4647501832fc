/** A sign-in challenge waiting for its signature. Times are milliseconds since the epoch. */
export interface PendingChallenge {
  /** The nonce the challenge text names: the key to take it back by. */
  id: string
  /** The public key it was issued for, as z-base-32. */
  publicKeyZ32: string
  /** The normalized capabilities asked for (`''` for none). */
  caps: string
  /** The exact text the client signs. */
  text: string
  /** After this the challenge is gone. */
  expiresAt: number
}

/**
 * Where pending challenges wait. `take` consumes atomically, across processes for a shared store:
 * of any number of parallel takes of one id exactly one gets the challenge, whether its signature
 * then turns out right or wrong. Bounded per public key and in total.
 */
export interface ChallengeStore {
  /**
   * Adds a challenge.
   * @param challenge the challenge; its `id` must be new.
   * @param now the current time: challenges past their `expiresAt` do not count against the bounds.
   * @throws StoreLimitError when the key or the whole store already holds its limit of live challenges.
   */
  put(challenge: PendingChallenge, now: number): Promise<void>

  /**
   * Removes the challenge and returns it, unless it is unknown, taken already or expired.
   * @param id the challenge's nonce.
   * @param now the current time; a challenge whose `expiresAt` is not after it is gone.
   */
  take(id: string, now: number): Promise<PendingChallenge | undefined>

  /**
   * Deletes expired challenges, a bounded batch per call: call it periodically.
   * @returns how many were deleted.
   */
  sweep(now: number): Promise<number>
}
