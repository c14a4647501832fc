import type { Redis } from 'ioredis'

import type { ReplayGuard } from '../../login/pubky/replay-guard'
import { checkRedisStoreOptions, checkTime, type RedisStoreOptions } from './check-redis-store-options'

/** Options of `RedisReplayGuard`. */
export interface RedisReplayGuardOptions extends RedisStoreOptions {
  /** The clock, in milliseconds (default `Date.now`): a claim's TTL runs from it to `expiresAtMs`. */
  now?: () => number
}

/**
 * Pubky AuthTokens already used, in Redis, shared by every instance on it: a token accepted by
 * one is a replay on all. Each claim is one `SET <prefix>replay:<id> 1 PX <ttl> NX`, which Redis
 * decides alone, so of any number of concurrent claims of one id, on any connections, exactly one
 * is `true`. The key expires when the token could no longer be accepted (plus the TTL margin, for
 * instances whose clocks differ). A fault (Redis unreachable, a command timed out) rejects with
 * ioredis's error, and the sign-in answers 503: a token is never accepted unclaimed.
 * @example
 * const replayGuard = new RedisReplayGuard(redis, { keyPrefix: 'app:' })
 * const signIn = createKeySignIn({ host: 'example.com', ...createSignInStores(storeDataSource), replayGuard })
 */
export class RedisReplayGuard implements ReplayGuard {
  readonly keyPrefix: string
  private readonly ttlMarginMs: number
  private readonly now: () => number

  /**
   * @param redis an ioredis connection (see `createRedisStores`); the caller closes it.
   * @param options key prefix, TTL margin, clock.
   * @throws TypeError for a bad option.
   */
  constructor(private readonly redis: Redis, { now = Date.now, ...options }: RedisReplayGuardOptions = {}) {
    if (typeof now !== 'function') throw new TypeError('jwt-hooks: "now" must be a function')
    ;({ keyPrefix: this.keyPrefix, ttlMarginMs: this.ttlMarginMs } = checkRedisStoreOptions(options))
    this.now = now
  }

  async claim(id: string, expiresAtMs: number): Promise<boolean> {
    if (typeof id !== 'string' || id.length === 0) throw new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a non-empty string and a finite number')
    const left = Math.ceil(checkTime('expiresAtMs', expiresAtMs) - this.now())
    // Already past: it could not be accepted again anyway (as the memory guard answers).
    if (left <= 0) return true
    const set = await this.redis.set(`${this.keyPrefix}replay:${id}`, '1', 'PX', left + this.ttlMarginMs, 'NX')
    return set === 'OK'
  }
}
