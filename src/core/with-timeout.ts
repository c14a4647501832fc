/** A callback (blackList or user loader) that did not answer in time. */
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

/**
 * Bounds a callback's answer in time; a plain (non-promise) answer passes straight through,
 * so a synchronous blackList costs no timer.
 */
export function withTimeout<T>(value: T | Promise<T>, ms: number): T | Promise<T> {
  if (!(value instanceof Promise) || ms === Infinity) return value
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms)
  })
  return Promise.race([value, timeout]).finally(() => clearTimeout(timer))
}
