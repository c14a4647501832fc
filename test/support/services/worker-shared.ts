import { runInThisContext } from 'node:vm'

/**
 * Jest gives every test file fresh modules and a fresh global object, so a value meant to live
 * as long as the worker process (one server for all its files) is kept on the process's own
 * global object, outside the per-file sandbox.
 */
const processGlobal = runInThisContext('globalThis') as Record<symbol, unknown>

/** The value `create` makes the first time `name` is asked for in this process. */
export function workerShared<T>(name: string, create: () => Promise<T>): Promise<T> {
  const key = Symbol.for(`jwt-hooks.test.${name}`)
  let value = processGlobal[key] as Promise<T> | undefined
  if (value === undefined) {
    value = create()
    processGlobal[key] = value
    // A failed start is not kept: the next file tries again (and reports its own error).
    value.catch(() => {
      if (processGlobal[key] === value) delete processGlobal[key]
    })
  }
  return value
}
