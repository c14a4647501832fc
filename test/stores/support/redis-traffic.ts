import type { RedisStores } from '../../../src/stores/redis'
import { HOUR, T0, newHash, newSession } from './sessions'

/** One call of every store operation, each on data of its own, for a store that may be down. */
export function everyCall({ sessions, challenges, attempts }: RedisStores, i: number): Promise<unknown>[] {
  const session = newSession()
  const next = { nextHash: newHash(), accessExpiresAt: T0 + 2 * HOUR }
  return [
    sessions.create(session, newHash()),
    sessions.rotate(newHash(), next, T0),
    sessions.revoke(session.sid, T0),
    sessions.revokeByRefresh(newHash(), T0),
    sessions.get(session.sid),
    sessions.revocationsSince(undefined, T0),
    sessions.sweep(T0),
    challenges.put({ id: `c${i}-${session.sid}`, publicKeyZ32: `key-${i}`, caps: '', text: 't', expiresAt: T0 + HOUR }, T0),
    challenges.take(`c${i}`, T0),
    challenges.sweep(T0),
    attempts.take([`email:${i}`, `ip:${i}`], T0),
    attempts.giveBack(`email:${i}`, T0),
    attempts.clear(`email:${i}`),
    attempts.remember(`known:${i}`, T0),
    attempts.recalls(`known:${i}`, T0),
  ]
}

/** How each call ended: 'fulfilled', or the rejection's class and message. */
export async function outcomes(calls: Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(calls)
  return settled.map((s) => (s.status === 'fulfilled' ? 'fulfilled' : s.reason instanceof Error ? `Error: ${s.reason.message}` : `not an Error: ${String(s.reason)}`))
}
