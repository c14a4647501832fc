/** Cancels a timer; calling it again, or after the timer ran, does nothing. */
export type CancelTimer = () => void

// setTimeout fires at once for a delay beyond a signed 32-bit integer (about 24.8 days), in
// browsers and Node alike: a longer wait is made of steps.
const LONGEST_STEP_MS = 2 ** 31 - 1

/**
 * Runs `callback` after `delayMs` (at once, in a later task, for 0 or less). With `background`,
 * the timer does not keep a Node process alive (`unref`, where timers have it; browsers' do not).
 *
 * @param callback - what to run.
 * @param delayMs - how long to wait.
 * @param background - whether the wait alone should let the process exit.
 */
export function startTimer(callback: () => void, delayMs: number, background: boolean): CancelTimer {
  let timer: ReturnType<typeof setTimeout> | undefined
  const step = (remainingMs: number): void => {
    const waitMs = Math.min(Math.max(remainingMs, 0), LONGEST_STEP_MS)
    timer = setTimeout(() => {
      if (remainingMs > LONGEST_STEP_MS) step(remainingMs - LONGEST_STEP_MS)
      else {
        timer = undefined
        callback()
      }
    }, waitMs)
    if (background) (timer as { unref?: () => void }).unref?.()
  }
  step(delayMs)
  return () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
}

/**
 * Waits `delayMs`, or rejects with the signal's reason once it is aborted. The wait keeps a Node
 * process alive: something is waiting for its end.
 */
export function sleep(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      cancel()
      reject(signal.reason)
    }
    const cancel = startTimer(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, delayMs, false)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
