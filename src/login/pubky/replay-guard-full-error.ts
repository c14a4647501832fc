/**
 * Thrown by the memory replay guard when it holds `maxEntries` unexpired ids: forgetting one would
 * let its token be replayed, so it refuses to take more (a fault: answer 503 and rate-limit).
 */
export class ReplayGuardFullError extends Error {
  constructor(maxEntries: number) {
    super(`The replay guard holds ${maxEntries} unexpired tokens and takes no more.`)
    this.name = 'ReplayGuardFullError'
  }
}
