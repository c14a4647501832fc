/**
 * Remembers which one-time tokens were used, until they could no longer be accepted anyway.
 * `claim` is atomic: of any number of concurrent claims of one id, exactly one gets `true`,
 * across processes for a shared store (`RedisReplayGuard`: `SET <prefix>replay:<id> 1 PX <ttl> NX`).
 */
export interface ReplayGuard {
  /**
   * Records a use of `id` unless it is already recorded.
   *
   * @param id - What identifies the token (`PubkyAuthToken.replayId`).
   * @param expiresAtMs - When the record may be forgotten (milliseconds since the epoch).
   * @returns `true` for the first use, `false` for a replay.
   */
  claim(id: string, expiresAtMs: number): boolean | Promise<boolean>
}
