import type { AttemptStore } from './attempt-store'
import { MemoryAttemptStore } from './memory-attempt-store'

/**
 * Rate limit for `POST /login` (a Foal service): after 5 failed attempts for one email or from
 * one address within 15 minutes, further attempts wait. Replace `store` to share counts between
 * processes, or `clock` to move time in tests.
 * @example
 * const services = new ServiceManager()
 * services.get(LoginAttempts).clock = () => fakeNow
 * const app = await createApp(AppController, { serviceManager: services })
 */
export class LoginAttempts {
  /** Milliseconds since the epoch. */
  clock: () => number = Date.now
  store: AttemptStore = new MemoryAttemptStore()

  /**
   * Counts this attempt as a failure before the password is checked, so parallel guesses cannot
   * all pass the check before any failure is recorded.
   * @returns 0 when the attempt may go on, else the seconds to wait (for `Retry-After`).
   */
  async begin(email: string, ip: string): Promise<number> {
    const wait = await this.store.take([emailKey(email), ipKey(ip)], this.clock())
    return wait > 0 ? Math.ceil(wait / 1000) : 0
  }

  /**
   * The attempt succeeded: the email's count starts again, and the address gets back the attempt
   * counted up front. The address's earlier failures stay: logging in to one's own account must
   * not wipe the record of guesses at others.
   */
  async succeed(email: string, ip: string): Promise<void> {
    await this.store.clear(emailKey(email))
    await this.store.giveBack(ipKey(ip), this.clock())
  }
}

function emailKey(email: string): string {
  return `email:${email}`
}

function ipKey(ip: string): string {
  return `ip:${ip}`
}
