import type { AttemptStore } from '../stores/attempt-store'
import { MemoryAttemptStore } from '../stores/memory/memory-attempt-store'
import { addressGroup } from './address-group'

/** One login attempt counted up front: what to give back or clear once its outcome is known. */
export interface Attempt {
  email: string
  group: string
  /** The address group logged in for this email before: guesses from elsewhere do not slow it. */
  recognised: boolean
  keys: string[]
  takenAt: number
}

/** `begin`'s answer: go on with the attempt, or refuse it for `retryAfter` seconds. */
export type Admission = { attempt: Attempt } | { refused: 'throttled' | 'full'; retryAfter: number }

/**
 * Rate limit for `POST /login` (a Foal service). Attempts are counted per email and per address
 * group (an IPv4 address, an IPv6 /56); each key has 5 free failures, then waits 1 minute after
 * its latest attempt, doubling with each further one up to 15 minutes, and is forgotten 15 minutes
 * after its wait ends. An address group that logged in for an email is recognised for it (30
 * days): its attempts are not slowed by the email's failures from elsewhere, so guessing at an
 * account does not lock its owner out; the per-address limit still applies to it. Replace `store`
 * to share counts between processes, or `clock` to move time in tests.
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
   * @param address the client's address, as `settings.jwt.trustProxy` reads it.
   */
  async begin(email: string, address: string): Promise<Admission> {
    const now = this.clock()
    const group = addressGroup(address)
    const recognised = await this.store.recalls(knownKey(group, email), now)
    const keys = recognised ? [ipKey(group)] : [emailKey(email), ipKey(group)]
    const taken = await this.store.take(keys, now)
    if (!taken.taken) return { refused: taken.reason, retryAfter: Math.ceil(taken.waitMs / 1000) }
    return { attempt: { email, group, recognised, keys, takenAt: now } }
  }

  /**
   * The attempt succeeded: the address gets back the attempt counted up front (its earlier
   * failures stay: logging in to one's own account must not wipe the record of guesses at others)
   * and is recognised for the email. From an address not yet recognised the email's count starts
   * again; from a recognised one it stays, so an owner who logs in often does not reset the
   * guesses counted from elsewhere.
   */
  async succeed({ email, group, recognised, takenAt }: Attempt): Promise<void> {
    const now = this.clock()
    if (!recognised) await this.store.clear(emailKey(email))
    await this.store.giveBack(ipKey(group), takenAt)
    await this.store.remember(knownKey(group, email), now)
  }

  /** The attempt was never checked (no room to hash the password): every key gets it back. */
  async cancel({ keys, takenAt }: Attempt): Promise<void> {
    for (const key of keys) await this.store.giveBack(key, takenAt)
  }
}

function emailKey(email: string): string {
  return `email:${email}`
}

function ipKey(group: string): string {
  return `ip:${group}`
}

// A group never contains `|`, so the key names one (group, email) pair.
function knownKey(group: string, email: string): string {
  return `known:${group}|${email}`
}
