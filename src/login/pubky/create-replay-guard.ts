import type { ReplayGuard } from './replay-guard'
import { ReplayGuardFullError } from './replay-guard-full-error'

/** Options of the memory replay guard. */
export interface ReplayGuardOptions {
  /** Ids held at most (default 100,000); beyond, `claim` throws `ReplayGuardFullError`. */
  maxEntries?: number
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number
}

/** A replay guard in this process's memory, and how many ids it holds. */
export interface MemoryReplayGuard extends ReplayGuard {
  claim(id: string, expiresAtMs: number): boolean
  readonly size: number
}

// A sweep is O(size), so it runs only when something has expired, and then at most once a
// second unless the guard is full.
const SWEEP_EVERY_MS = 1000

/**
 * A `ReplayGuard` in memory, for one process: ids are kept until their expiry, bounded in
 * number. Synchronous, so each claim is atomic. Several processes need a shared store instead.
 *
 * @param options - `maxEntries`, `now`.
 * @throws TypeError for a bad option.
 * @example
 * const guard = createReplayGuard()
 * guard.claim(token.replayId, token.timestampMs + 2 * PUBKY_AUTH_WINDOW_MS) // true, then false
 */
export function createReplayGuard({ maxEntries = 100_000, now = Date.now }: ReplayGuardOptions = {}): MemoryReplayGuard {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('jwt-hooks: "maxEntries" must be a whole number >= 1')
  if (typeof now !== 'function') throw new TypeError('jwt-hooks: "now" must be a function')
  const expiries = new Map<string, number>()
  let lastSweep = -Infinity
  let earliest = Infinity

  function sweep(at: number): void {
    lastSweep = at
    earliest = Infinity
    for (const [id, expiresAt] of expiries) {
      if (expiresAt <= at) expiries.delete(id)
      else earliest = Math.min(earliest, expiresAt)
    }
  }

  return {
    get size() {
      return expiries.size
    },
    claim(id: string, expiresAtMs: number): boolean {
      if (typeof id !== 'string' || !Number.isFinite(expiresAtMs)) throw new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a string and a finite number')
      const at = now()
      const known = expiries.get(id)
      if (known !== undefined && known > at) return false
      if (expiresAtMs <= at) return true // it could not be accepted again anyway
      const full = known === undefined && expiries.size >= maxEntries
      if (earliest <= at && (full || at - lastSweep >= SWEEP_EVERY_MS)) sweep(at)
      if (!expiries.has(id) && expiries.size >= maxEntries) throw new ReplayGuardFullError(maxEntries)
      expiries.set(id, expiresAtMs)
      earliest = Math.min(earliest, expiresAtMs)
      return true
    },
  }
}
