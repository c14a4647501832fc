import { withTimeout } from '../core/pipeline/with-timeout'
import type { SessionsSettings } from './check-sessions-options'

/**
 * Deletes finished sessions every `sweepInterval` (none with `false`), each sweep bounded by
 * `timeout`. A failing store is said once in the log, and once more when it sweeps again.
 * @param settings the sessions' checked options (store, clock, timeout, log, sweepInterval).
 * @returns how to stop sweeping.
 */
export function startSessionSweeper({ store, clock, timeout, log, sweepInterval }: SessionsSettings): () => void {
  if (sweepInterval === false) return () => undefined
  let failing = false
  const sweep = async (): Promise<void> => {
    try {
      await withTimeout(store.sweep(clock()), timeout)
      if (failing) log('jwt-hooks: sessions: the store sweeps again')
      failing = false
    } catch (error) {
      if (!failing) log(`jwt-hooks: sessions: the store's sweep failed (${(error as Error)?.message ?? String(error)}); trying again later`)
      failing = true
    }
  }
  const timer = setInterval(() => void sweep(), sweepInterval)
  // The sweeps alone never keep the process alive.
  timer.unref()
  return () => clearInterval(timer)
}
