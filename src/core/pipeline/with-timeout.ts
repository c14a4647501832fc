/** A callback (blackList or user loader) that did not answer in time. */
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

/** Bounds a late answer (a blackList or user loader's promise) in time. */
export function withTimeout<T>(value: PromiseLike<T>, ms: number): Promise<T> {
  if (ms === Infinity) return Promise.resolve(value)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms)
  })
  return Promise.race([value, timeout]).finally(() => clearTimeout(timer))
}
