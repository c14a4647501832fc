/** Whether `promise` settled within `ms` (a rejection counts as settled); never waits longer. */
export function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  const settled = promise.then(
    () => true,
    () => true,
  )
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer))
}
