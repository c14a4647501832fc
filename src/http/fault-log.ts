const QUIET_MS = 10_000

/**
 * Logs store faults without flooding: one line, then at most one every 10 s with how many were
 * not said. The line is the error's message (`StoreUnavailableError` names the operation and the
 * store's error), which never holds a token: the stores are given hashes.
 * @param log where lines go.
 * @param clock milliseconds.
 */
export function createFaultLog(log: (line: string) => void, clock: () => number): (error: unknown) => void {
  let saidAt = -Infinity
  let unsaid = 0
  return (error) => {
    const now = clock()
    if (now - saidAt < QUIET_MS) {
      unsaid += 1
      return
    }
    const message = error instanceof Error ? error.message : String(error)
    const more = unsaid > 0 ? ` (and ${unsaid} more since the last line)` : ''
    log(`${message}; answered 503${more}`)
    saidAt = now
    unsaid = 0
  }
}
