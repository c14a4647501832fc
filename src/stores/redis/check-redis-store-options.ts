/** What every Redis store takes, beside its own bounds. */
export interface RedisStoreOptions {
  /**
   * Put before every key and the pub/sub channel (default `jwt-hooks:`), so several apps (or
   * several deployments of one) share a Redis without seeing each other's state.
   */
  keyPrefix?: string
  /**
   * Milliseconds added to every key's TTL (default 60,000). A key lives until its data stops
   * mattering by the caller's clock, plus this: instances whose clocks differ by less never find
   * a key gone early (a revoked session forgotten while its tokens are still valid elsewhere).
   */
  ttlMarginMs?: number
}

const MAX_PREFIX = 100

/** Checks and completes the options every Redis store takes. */
export function checkRedisStoreOptions({ keyPrefix = 'jwt-hooks:', ttlMarginMs = 60_000 }: RedisStoreOptions): Required<RedisStoreOptions> {
  if (typeof keyPrefix !== 'string' || keyPrefix.length === 0 || keyPrefix.length > MAX_PREFIX) {
    throw new TypeError(`jwt-hooks: "keyPrefix" must be a string of 1 to ${MAX_PREFIX} characters`)
  }
  if (!Number.isSafeInteger(ttlMarginMs) || ttlMarginMs < 0) throw new TypeError('jwt-hooks: "ttlMarginMs" must be a whole number >= 0')
  return { keyPrefix, ttlMarginMs }
}

/** Milliseconds since the epoch, as the stores' `now` and times must be (a programmer's error otherwise). */
export function checkTime(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(`jwt-hooks: "${name}" must be milliseconds since the epoch`)
  return value
}

/** A non-empty string id or hash (a programmer's error otherwise). */
export function checkId(name: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`jwt-hooks: "${name}" must be a non-empty string`)
  return value
}
