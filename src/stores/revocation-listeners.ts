import type { Revocation } from './session-store'

/** The listeners of `SessionStore.subscribe`, called after the revocation is stored. */
export class RevocationListeners {
  private readonly listeners = new Set<(revocation: Revocation) => void>()

  /** Adds a listener; returns the function that removes it. */
  add(listener: (revocation: Revocation) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('jwt-hooks: "listener" must be a function')
    // A wrapper per call, so one function subscribed twice is two subscriptions.
    const entry = (revocation: Revocation): void => listener(revocation)
    this.listeners.add(entry)
    return () => void this.listeners.delete(entry)
  }

  /**
   * Tells every listener, on a later microtask, as a message from another process would arrive:
   * a listener's error cannot turn a stored revocation into a failed call.
   */
  emit(revocation: Revocation): void {
    for (const listener of this.listeners) queueMicrotask(() => listener({ ...revocation }))
  }
}
