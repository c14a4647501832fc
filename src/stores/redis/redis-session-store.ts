import { randomBytes } from 'node:crypto'

import type { Redis } from 'ioredis'

import { checkNewSession } from '../check-new-session'
import { checkRevocation } from '../check-revocation'
import { checkSessionStoreOptions, type SessionStoreOptions } from '../check-session-store-options'
import type { NewSession, Revocation, RevocationPage, RotateResult, Rotation, SessionStore, StoredSession } from '../session-store'
import { checkId, checkRedisStoreOptions, checkTime, type RedisStoreOptions } from './check-redis-store-options'
import { defineScript, type Script } from './define-script'
import { formatRevocationCursor, newEpoch, parseRevocationCursor } from './revocation-cursor'
import { RevocationFeed, type SubscribeOptions } from './revocation-feed'
import { CREATE_LUA, RECORD_LUA, REVOKE_BY_REFRESH_LUA, REVOKE_LUA, ROTATE_LUA } from './session-lua'
import { FIND_BY_REFRESH_LUA, REVOCATIONS_LUA, SWEEP_LUA } from './session-read-lua'
import { toSessionFields, toStoredSession } from './to-stored-session'

/** Options of `RedisSessionStore`. */
export interface RedisSessionStoreOptions extends SessionStoreOptions, RedisStoreOptions {}

/**
 * Sessions in Redis, shared by every instance on it. Each operation is one Lua script, which
 * Redis runs whole before any other command: of N parallel rotations of one token, on any
 * number of connections, exactly one is `rotated`. Every key has a TTL: a session and its
 * refresh tokens live until the session's end (or its last access token's, if later), a revoked
 * one until its last access token's; `sweep` deletes them on time by the caller's clock. A
 * revocation is numbered in its own script (a poller never misses one) and published to every
 * instance (`subscribe`). A fault (Redis unreachable, a command timed out) rejects with
 * ioredis's error; a script that was refused before its first write changed nothing.
 * @example
 * const redis = new Redis(url, redisConnectionOptions()) // bounded waits: see createRedisStores
 * const sessions = new RedisSessionStore(redis, { keyPrefix: 'app:' })
 */
export class RedisSessionStore implements SessionStore {
  readonly keyPrefix: string
  private readonly options: Required<SessionStoreOptions>
  private readonly head: string[]
  private readonly feed: RevocationFeed
  private readonly scripts: Record<'create' | 'rotate' | 'revoke' | 'record' | 'revokeByRefresh' | 'findByRefresh' | 'revocations' | 'sweep', Script>

  /**
   * @param redis an ioredis connection (see `createRedisStores` for the options that bound its waits); the caller closes it.
   * @param options key prefix, TTL margin, page and batch sizes.
   */
  constructor(private readonly redis: Redis, options: RedisSessionStoreOptions = {}) {
    const { keyPrefix, ttlMarginMs } = checkRedisStoreOptions(options)
    this.options = checkSessionStoreOptions(options)
    this.keyPrefix = keyPrefix
    const origin = randomBytes(12).toString('base64url')
    // Prefix, margin, this store's origin (its pub/sub echo is skipped).
    this.head = [keyPrefix, String(ttlMarginMs), origin]
    this.feed = new RevocationFeed(redis, `${keyPrefix}revocations`, origin)
    this.scripts = {
      create: defineScript(redis, 'jwtHooksSessionCreate', CREATE_LUA),
      rotate: defineScript(redis, 'jwtHooksSessionRotate', ROTATE_LUA),
      revoke: defineScript(redis, 'jwtHooksSessionRevoke', REVOKE_LUA),
      record: defineScript(redis, 'jwtHooksSessionRecord', RECORD_LUA),
      revokeByRefresh: defineScript(redis, 'jwtHooksSessionRevokeByRefresh', REVOKE_BY_REFRESH_LUA),
      findByRefresh: defineScript(redis, 'jwtHooksSessionFindByRefresh', FIND_BY_REFRESH_LUA),
      revocations: defineScript(redis, 'jwtHooksSessionRevocations', REVOCATIONS_LUA),
      sweep: defineScript(redis, 'jwtHooksSessionSweep', SWEEP_LUA),
    }
  }

  async create(session: NewSession, refreshHash: string): Promise<void> {
    const fresh = checkNewSession(session)
    checkId('refreshHash', refreshHash)
    // Created now: the session's keys live from createdAt until it can be swept.
    const finish = Math.max(fresh.expiresAt, fresh.accessExpiresAt)
    await this.scripts.create(...this.head, '', fresh.sid, refreshHash, fresh.createdAt, finish, ...toSessionFields(fresh))
  }

  async rotate(refreshHash: string, { nextHash, accessExpiresAt }: Rotation, now: number): Promise<RotateResult> {
    checkId('refreshHash', refreshHash)
    checkId('nextHash', nextHash)
    checkTime('accessExpiresAt', accessExpiresAt)
    const answer = (await this.scripts.rotate(...this.head, newEpoch(), refreshHash, nextHash, accessExpiresAt, checkTime('now', now))) as [string, ...unknown[]]
    if (answer[0] === 'rotated') return { outcome: 'rotated', session: toStoredSession(answer[1] as string, answer[2] as string[]) }
    if (answer[0] !== 'reused') return { outcome: 'invalid' }
    const sid = answer[1] as string
    if (answer[2] !== null) this.feed.deliver({ sid, until: Number(answer[2]) })
    return { outcome: 'reused', sid }
  }

  async revoke(sid: string, now: number): Promise<boolean> {
    const until = (await this.scripts.revoke(...this.head, newEpoch(), checkId('sid', sid), checkTime('now', now))) as string | null
    if (until !== null) this.feed.deliver({ sid, until: Number(until) })
    return until !== null
  }

  async recordRevocation(revocation: Revocation, now: number): Promise<boolean> {
    const { sid, until } = checkRevocation(revocation, now)
    const recorded = (await this.scripts.record(...this.head, newEpoch(), sid, until, now)) as string | null
    if (recorded !== null) this.feed.deliver({ sid, until: Number(recorded) })
    return recorded !== null
  }

  async revokeByRefresh(refreshHash: string, now: number): Promise<string | undefined> {
    const answer = (await this.scripts.revokeByRefresh(...this.head, newEpoch(), checkId('refreshHash', refreshHash), checkTime('now', now))) as [string, number, string | null] | []
    if (answer.length === 0) return undefined
    const [sid, live, until] = answer
    if (until !== null) this.feed.deliver({ sid, until: Number(until) })
    return live === 1 ? sid : undefined
  }

  async get(sid: string): Promise<StoredSession | undefined> {
    const fields = await this.redis.hgetall(`${this.keyPrefix}sess:${checkId('sid', sid)}`)
    return fields.sub === undefined ? undefined : toStoredSession(sid, Object.entries(fields).flat())
  }

  async findByRefresh(refreshHash: string): Promise<StoredSession | undefined> {
    const found = (await this.scripts.findByRefresh(this.keyPrefix, '0', checkId('refreshHash', refreshHash))) as [string, string[]] | []
    return found.length === 0 ? undefined : toStoredSession(found[0], found[1])
  }

  async revocationsSince(cursor: string | undefined, now: number): Promise<RevocationPage> {
    const from = parseRevocationCursor(cursor)
    checkTime('now', now)
    const limit = this.options.revocationPageSize
    const [epoch, after, count, ...entries] = (await this.scripts.revocations(this.keyPrefix, '0', from.epoch, from.seq, limit)) as [
      string,
      string,
      number,
      ...(string | null)[],
    ]
    const revoked: Revocation[] = []
    let seq = Number(after)
    for (let i = 0; i < entries.length; i += 3) {
      const [sid, number, access] = entries.slice(i, i + 3)
      seq = Number(number)
      // A session swept meanwhile, or one whose access tokens have all expired, needs no refusal.
      if (access !== null && Number(access) > now) revoked.push({ sid: sid!, until: Number(access) })
    }
    return { revoked, cursor: formatRevocationCursor({ epoch, seq }), more: count === limit }
  }

  async sweep(now: number): Promise<number> {
    return (await this.scripts.sweep(this.keyPrefix, '0', checkTime('now', now), this.options.sweepBatch)) as number
  }

  /**
   * Calls `listener` with each revocation made after this call by any instance on this Redis
   * (this store's own at once, others' by pub/sub within milliseconds), and `onResync` each time
   * the subscription is (re)established, when a poll of `revocationsSince` must fill the gap.
   * @returns a function that stops the calls.
   */
  subscribe(listener: (revocation: Revocation) => void, options?: SubscribeOptions): () => void {
    return this.feed.subscribe(listener, options)
  }

  /** Ends the subscriber connection, if `subscribe` made one (the store's connection is the caller's). */
  close(): Promise<void> {
    return this.feed.close()
  }
}
