import { once } from 'node:events'

import { createRedisStores, type RedisStores } from '../../../src/stores/redis'
import type { RedisServer } from '../../support/services'
import { heard } from './heard'

/** Two instances of an app on one Redis, with short bounds: `a` serves, `b` listens to revocations. */
export function instances(redis: RedisServer): [RedisStores, RedisStores] {
  const options = { url: redis.url, keyPrefix: 'faults:', commandTimeoutMs: 300, connectTimeoutMs: 300 }
  return [createRedisStores(options), createRedisStores(options)]
}

/** Resolves once the stores' connection is up again (ready() would reject on a failed attempt). */
export function reconnected(stores: RedisStores): Promise<unknown> {
  return stores.redis.status === 'ready' ? Promise.resolve() : once(stores.redis, 'ready')
}

/** A subscription of `stores`: what it heard, its resync and lost events in order, and the next resync. */
export function listen(stores: RedisStores) {
  const events: string[] = []
  const revocations = heard()
  let resynced = () => undefined as void
  const waitForResync = () => new Promise<void>((resolve) => (resynced = resolve))
  const first = waitForResync()
  stores.sessions.subscribe(revocations.listener, { onResync: () => (events.push('resync'), resynced()), onLost: () => events.push('lost') })
  return { events, revocations, first, waitForResync }
}
