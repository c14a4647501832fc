import type { Redis } from 'ioredis'

import type { ChallengeStore, PendingChallenge } from '../challenge-store'
import { checkChallengeStoreOptions, type ChallengeStoreOptions } from '../check-challenge-store-options'
import { StoreLimitError } from '../store-limit-error'
import { checkId, checkRedisStoreOptions, checkTime, type RedisStoreOptions } from './check-redis-store-options'
import { PUT_LUA, SWEEP_CHALLENGES_LUA, TAKE_CHALLENGE_LUA } from './challenge-lua'
import { defineScript, type Script } from './define-script'

/** Options of `RedisChallengeStore`: the bounds (for all instances together) and the key prefix. */
export interface RedisChallengeStoreOptions extends ChallengeStoreOptions, RedisStoreOptions {}

const SWEEP_BATCH = 500

/**
 * Pending challenges in Redis, shared by every instance: a challenge issued by one is answered
 * once on any. `take` is one Lua script that deletes the challenge and answers it, so of any
 * number of parallel takes exactly one gets it; `put` counts and adds in one script, so the
 * bounds hold across instances. A challenge's key expires with it.
 */
export class RedisChallengeStore implements ChallengeStore {
  readonly maxPerKey: number
  readonly maxTotal: number
  private readonly head: string[]
  private readonly scripts: Record<'put' | 'take' | 'sweep', Script>

  /**
   * @param redis an ioredis connection (see `createRedisStores`); the caller closes it.
   * @param options the bounds (default 5 live challenges per key, 10,000 in all), key prefix, TTL margin.
   */
  constructor(redis: Redis, options: RedisChallengeStoreOptions = {}) {
    const { keyPrefix, ttlMarginMs } = checkRedisStoreOptions(options)
    ;({ maxPerKey: this.maxPerKey, maxTotal: this.maxTotal } = checkChallengeStoreOptions(options))
    this.head = [keyPrefix, String(ttlMarginMs)]
    this.scripts = {
      put: defineScript(redis, 'jwtHooksChallengePut', PUT_LUA),
      take: defineScript(redis, 'jwtHooksChallengeTake', TAKE_CHALLENGE_LUA),
      sweep: defineScript(redis, 'jwtHooksChallengeSweep', SWEEP_CHALLENGES_LUA),
    }
  }

  async put({ id, publicKeyZ32, caps, text, expiresAt }: PendingChallenge, now: number): Promise<void> {
    for (const [name, value] of Object.entries({ id, publicKeyZ32 })) checkId(name, value)
    if (typeof caps !== 'string' || typeof text !== 'string') throw new TypeError('jwt-hooks: "caps" and "text" must be strings')
    const bounds = [this.maxPerKey, this.maxTotal]
    const outcome = await this.scripts.put(...this.head, ...bounds, id, publicKeyZ32, caps, text, checkTime('expiresAt', expiresAt), checkTime('now', now))
    if (outcome === 'key') throw new StoreLimitError('live challenges', 'key', this.maxPerKey)
    if (outcome === 'total') throw new StoreLimitError('live challenges', 'total', this.maxTotal)
  }

  async take(id: string, now: number): Promise<PendingChallenge | undefined> {
    const found = (await this.scripts.take(...this.head, checkId('id', id), checkTime('now', now))) as [string, string, string, string] | null
    if (found === null) return undefined
    const [publicKeyZ32, caps, text, expiresAt] = found
    return { id, publicKeyZ32, caps, text, expiresAt: Number(expiresAt) }
  }

  async sweep(now: number): Promise<number> {
    return (await this.scripts.sweep(...this.head, checkTime('now', now), SWEEP_BATCH)) as number
  }
}
