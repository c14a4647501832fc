/** The bounds of a challenge store. */
export interface ChallengeStoreOptions {
  /** Live challenges per public key (default 5). */
  maxPerKey?: number
  /** Live challenges in all (default 10,000). */
  maxTotal?: number
}

/** Checks and completes the bounds of a challenge store. */
export function checkChallengeStoreOptions({ maxPerKey = 5, maxTotal = 10_000 }: ChallengeStoreOptions): Required<ChallengeStoreOptions> {
  if (!Number.isInteger(maxPerKey) || maxPerKey < 1) throw new TypeError('jwt-hooks: "maxPerKey" must be a whole number >= 1')
  if (!Number.isInteger(maxTotal) || maxTotal < maxPerKey) throw new TypeError('jwt-hooks: "maxTotal" must be a whole number >= "maxPerKey"')
  return { maxPerKey, maxTotal }
}
