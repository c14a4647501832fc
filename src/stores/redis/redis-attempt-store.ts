import type { Redis } from 'ioredis'

import type { AttemptPolicy } from '../attempt-policy'
import type { AttemptStore, TakeResult } from '../attempt-store'
import { checkAttemptStoreOptions, type AttemptStoreOptions } from '../check-attempt-store-options'
import { checkId, checkRedisStoreOptions, checkTime, type RedisStoreOptions } from './check-redis-store-options'
import { CLEAR_LUA, GIVE_BACK_LUA, TAKE_LUA } from './attempt-lua'
import { defineScript, type Script } from './define-script'
import { RECALLS_LUA, REMEMBER_LUA } from './mark-lua'

/** Options of `RedisAttemptStore`: the policy, its bounds (for all instances together), the key prefix. */
export interface RedisAttemptStoreOptions extends AttemptStoreOptions, RedisStoreOptions {}

/**
 * Login attempts counted in Redis, shared by every instance: the policy of `MemoryAttemptStore`
 * (free attempts, then a doubling wait from the latest one), each call one Lua script, so
 * parallel takes on any instances never count past the policy. A counter's key expires with it
 * (`windowMs` after its wait ends), a mark `rememberMs` after it was remembered. `maxKeys`
 * bounds the counters of all instances together, and a live one is never dropped for room.
 * Give Redis `maxmemory-policy noeviction`: an evicting Redis would drop live counters.
 */
export class RedisAttemptStore implements AttemptStore {
  readonly policy: AttemptPolicy
  readonly maxKeys: number
  readonly rememberMs: number
  readonly maxRemembered: number
  private readonly counterHead: string[]
  private readonly markHead: string[]
  private readonly scripts: Record<'take' | 'giveBack' | 'clear' | 'remember' | 'recalls', Script>

  /**
   * @param redis an ioredis connection (see `createRedisStores`); the caller closes it.
   * @param options the policy (defaults of `DEFAULT_ATTEMPT_POLICY`), bounds, key prefix.
   */
  constructor(redis: Redis, options: RedisAttemptStoreOptions = {}) {
    const { keyPrefix, ttlMarginMs } = checkRedisStoreOptions(options)
    ;({ policy: this.policy, maxKeys: this.maxKeys, rememberMs: this.rememberMs, maxRemembered: this.maxRemembered } = checkAttemptStoreOptions(options))
    const { freeAttempts, delayMs, maxDelayMs, windowMs } = this.policy
    this.counterHead = [keyPrefix, ttlMarginMs, freeAttempts, delayMs, maxDelayMs, windowMs, this.maxKeys].map(String)
    this.markHead = [keyPrefix, ttlMarginMs, this.rememberMs, this.maxRemembered].map(String)
    this.scripts = {
      take: defineScript(redis, 'jwtHooksAttemptTake', TAKE_LUA),
      giveBack: defineScript(redis, 'jwtHooksAttemptGiveBack', GIVE_BACK_LUA),
      clear: defineScript(redis, 'jwtHooksAttemptClear', CLEAR_LUA),
      remember: defineScript(redis, 'jwtHooksAttemptRemember', REMEMBER_LUA),
      recalls: defineScript(redis, 'jwtHooksAttemptRecalls', RECALLS_LUA),
    }
  }

  async take(keys: readonly string[], now: number): Promise<TakeResult> {
    if (!Array.isArray(keys) || keys.length === 0) throw new TypeError('jwt-hooks: "keys" must be a non-empty array of strings')
    for (const key of keys) checkId('key', key)
    const [outcome, waitMs] = (await this.scripts.take(...this.counterHead, checkTime('now', now), ...keys)) as [string, string?]
    if (outcome === 'taken') return { taken: true }
    return { taken: false, reason: outcome === 'full' ? 'full' : 'throttled', waitMs: Number(waitMs) }
  }

  async giveBack(key: string, takenAt: number): Promise<void> {
    await this.scripts.giveBack(...this.counterHead, checkId('key', key), checkTime('takenAt', takenAt))
  }

  async clear(key: string): Promise<void> {
    await this.scripts.clear(...this.counterHead, checkId('key', key))
  }

  async remember(key: string, now: number): Promise<void> {
    await this.scripts.remember(...this.markHead, checkId('key', key), checkTime('now', now))
  }

  async recalls(key: string, now: number): Promise<boolean> {
    return (await this.scripts.recalls(...this.markHead, checkId('key', key), checkTime('now', now))) === 1
  }
}
