import { availableParallelism } from 'node:os'

/**
 * Password checks in flight at once: the CPU cores, but never libuv's whole thread pool (4
 * threads unless UV_THREADPOOL_SIZE says otherwise). PBKDF2 runs on that pool, and so do SQLite
 * queries and file reads: a pool full of hashes starves the token checks that load a user.
 */
export function defaultHashingConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4
  return Math.max(1, Math.min(availableParallelism(), pool - 1))
}

/**
 * Bounds concurrent password hashing (a Foal service): at most `concurrency` checks run, at most
 * `maxWaiting` more wait their turn in order; beyond that a check is refused at once (the login
 * answers 503 with `Retry-After`). A storm of logins, failed or successful, then costs a bounded
 * share of the machine, and requests that only verify tokens keep being answered.
 */
export class HashingQueue {
  concurrency = defaultHashingConcurrency()
  maxWaiting = 32
  private running = 0
  private readonly waiting: (() => void)[] = []

  /** Checks running now and waiting (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length }
  }

  /**
   * Runs `task` now or when a slot frees.
   * @returns its promise, or undefined, at once and without running it, when the queue is full.
   */
  run<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.running < this.concurrency) {
      this.running++
      return this.execute(task)
    }
    if (this.waiting.length >= this.maxWaiting) return undefined
    return new Promise<void>((start) => this.waiting.push(start)).then(() => this.execute(task))
  }

  // Runs with a slot already held; when done, hands the slot to the first waiting task, if any.
  private async execute<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next === undefined) this.running--
      else next()
    }
  }
}
