import type { SessionStore } from '../stores/session-store'

/**
 * Revokes a session; when the store holds none with this sid (it lost it: a Redis restarted
 * without persistence) and `until` says how long a token of it may still be valid, records the
 * sid as revoked until then, so a sign-out still signs out on every process. The one rule of it,
 * for every store: each only records what it is told.
 * @returns the store call's promise: `true` when the session was revoked or its sid recorded.
 */
export async function revokeOrRecord(store: SessionStore, sid: string, until: number | undefined, now: number): Promise<boolean> {
  if (await store.revoke(sid, now)) return true
  if (until === undefined || until <= now || store.recordRevocation === undefined) return false
  return store.recordRevocation({ sid, until }, now)
}
