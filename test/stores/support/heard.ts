import type { Revocation } from '../../../src/stores'

/** A listener that keeps what it hears, and says when a sid has been heard. */
export interface Heard {
  listener: (revocation: Revocation) => void
  revocations: Revocation[]
  /** Resolves once `sid` has been heard (at once if it has). */
  sid(sid: string): Promise<void>
}

export function heard(): Heard {
  const revocations: Revocation[] = []
  const waiting = new Map<string, () => void>()
  return {
    revocations,
    listener(revocation) {
      revocations.push(revocation)
      waiting.get(revocation.sid)?.()
    },
    sid(sid) {
      if (revocations.some((r) => r.sid === sid)) return Promise.resolve()
      return new Promise((resolve) => waiting.set(sid, resolve))
    },
  }
}
