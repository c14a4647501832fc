import { DEFAULT_ATTEMPT_POLICY, type AttemptPolicy } from './attempt-policy'

/** The options of every attempt store: the policy, and the bounds of what it holds. */
export interface AttemptStoreOptions extends Partial<AttemptPolicy> {
  /**
   * Counters held at most (default 50,000, about 12 MB when full in memory). A live counter is
   * never dropped: when full, `take` answers `full`.
   */
  maxKeys?: number
  /** How long a mark is remembered (default 30 days). */
  rememberMs?: number
  /** Marks held at most (default 50,000, about 13 MB when full in memory); past it, the least recently remembered goes. */
  maxRemembered?: number
}

/** Checked options, the policy frozen. */
export interface CheckedAttemptStoreOptions {
  policy: AttemptPolicy
  maxKeys: number
  rememberMs: number
  maxRemembered: number
}

/**
 * Checks and completes an attempt store's options.
 * @throws TypeError naming the option.
 */
export function checkAttemptStoreOptions({ maxKeys = 50_000, rememberMs = 30 * 24 * 3_600_000, maxRemembered = 50_000, ...rest }: AttemptStoreOptions): CheckedAttemptStoreOptions {
  const { freeAttempts, delayMs, maxDelayMs, windowMs } = { ...DEFAULT_ATTEMPT_POLICY, ...rest }
  const policy = Object.freeze({ freeAttempts, delayMs, maxDelayMs, windowMs })
  if (!Number.isInteger(freeAttempts) || freeAttempts < 1) throw new TypeError('jwt-hooks: "freeAttempts" must be a whole number >= 1')
  for (const [name, value] of Object.entries({ delayMs, maxDelayMs, windowMs, rememberMs })) {
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new TypeError(`jwt-hooks: "${name}" must be a number > 0`)
  }
  for (const [name, value] of Object.entries({ maxKeys, maxRemembered })) {
    if (!Number.isInteger(value) || value < 2) throw new TypeError(`jwt-hooks: "${name}" must be a whole number >= 2`)
  }
  return { policy, maxKeys, rememberMs, maxRemembered }
}
