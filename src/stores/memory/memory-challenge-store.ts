import type { ChallengeStore, PendingChallenge } from '../challenge-store'
import { checkChallengeStoreOptions, type ChallengeStoreOptions } from '../check-challenge-store-options'
import { StoreLimitError } from '../store-limit-error'

const SWEEP_SCAN = 1_000

/** Pending challenges in this process's memory; each operation is atomic among its callers. */
export class MemoryChallengeStore implements ChallengeStore {
  readonly maxPerKey: number
  readonly maxTotal: number
  private readonly challenges = new Map<string, PendingChallenge>()
  private readonly byKey = new Map<string, Set<string>>()
  private sweepAt: Iterator<PendingChallenge> | undefined

  constructor(options: ChallengeStoreOptions = {}) {
    ;({ maxPerKey: this.maxPerKey, maxTotal: this.maxTotal } = checkChallengeStoreOptions(options))
  }

  async put(challenge: PendingChallenge, now: number): Promise<void> {
    if (this.challenges.has(challenge.id)) throw new Error('jwt-hooks: a challenge with this id exists already')
    const ids = this.byKey.get(challenge.publicKeyZ32) ?? new Set<string>()
    for (const id of ids) if (this.challenges.get(id)!.expiresAt <= now) this.delete(id)
    if (ids.size >= this.maxPerKey) throw new StoreLimitError('live challenges', 'key', this.maxPerKey)
    // Full: forget the expired ones (a whole pass, paid only when the store is full), then recount.
    if (this.challenges.size >= this.maxTotal) {
      for (const [id, { expiresAt }] of this.challenges) if (expiresAt <= now) this.delete(id)
    }
    if (this.challenges.size >= this.maxTotal) throw new StoreLimitError('live challenges', 'total', this.maxTotal)
    this.challenges.set(challenge.id, { ...challenge })
    this.byKey.set(challenge.publicKeyZ32, ids.add(challenge.id))
  }

  async take(id: string, now: number): Promise<PendingChallenge | undefined> {
    const challenge = this.challenges.get(id)
    if (challenge === undefined) return undefined
    this.delete(id)
    return challenge.expiresAt > now ? challenge : undefined
  }

  async sweep(now: number): Promise<number> {
    let deleted = 0
    for (let scanned = 0; scanned < SWEEP_SCAN; scanned++) {
      this.sweepAt ??= this.challenges.values()
      const next = this.sweepAt.next()
      if (next.done) {
        this.sweepAt = undefined
        break
      }
      if (next.value.expiresAt <= now) {
        this.delete(next.value.id)
        deleted += 1
      }
    }
    return deleted
  }

  private delete(id: string): void {
    const challenge = this.challenges.get(id)
    if (challenge === undefined) return
    this.challenges.delete(id)
    const ids = this.byKey.get(challenge.publicKeyZ32)!
    ids.delete(id)
    if (ids.size === 0) this.byKey.delete(challenge.publicKeyZ32)
  }
}
