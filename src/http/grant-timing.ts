import { performance } from 'node:perf_hooks'

// A weight of 1/16: the floor follows the store's speed over a few dozen refreshes.
const WEIGHT = 1 / 16
// Never more than this: a slow store must not make every bad grant wait long.
const MAX_FLOOR_MS = 250

/**
 * Keeps bad grants as slow as good ones. A refresh token that is unknown needs no write; one
 * that is spent (reuse) writes the revocation; one of a revoked session rolls back: timed, the
 * three would tell an attacker holding an old token whether it belonged to a session. Every
 * `invalid_grant` therefore waits until the usual time of a successful rotation has passed
 * (a moving average), on a timer: it costs no CPU.
 */
export class GrantTiming {
  private floor = 0

  /** A clock reading to pass to `rotated` or `refused` (real time: never an injected clock). */
  start(): number {
    return performance.now()
  }

  /** A rotation succeeded: its duration joins the average. */
  rotated(started: number): void {
    const took = performance.now() - started
    this.floor = this.floor === 0 ? took : this.floor + (took - this.floor) * WEIGHT
  }

  /** A bad grant: resolves once it has taken as long as a successful rotation usually does. */
  refused(started: number): Promise<void> {
    const left = Math.min(this.floor, MAX_FLOOR_MS) - (performance.now() - started)
    return left <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, left))
  }
}
