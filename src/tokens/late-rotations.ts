import type { RotateResult } from '../stores/session-store'

/** A rotation whose caller was answered 503 before the store answered. */
export interface LateRotation {
  result: Promise<RotateResult | undefined>
  nextToken: string
  /** After this (ms) nobody waits for it any more. */
  keepUntil: number
}

const MAX_LATE = 1_000
const KEEP_MS = 120_000

/**
 * Rotations that outlived their deadline. The store cannot be told to stop one, so it may still
 * spend the refresh token after the client was answered 503; the client's next refresh with the
 * same token would then look like reuse and revoke the session. Instead, in this process, the
 * next refresh presenting that token waits for the late rotation and, if it went through, gets
 * its result (once): the failed refresh has then cost the client nothing.
 */
export class LateRotations {
  private readonly late = new Map<string, LateRotation>()

  /**
   * Keeps a rotation that did not answer in time.
   * @param hash the hash of the refresh token presented.
   * @param rotation the store's promise (a rejection is kept as `undefined`).
   * @param nextToken the refresh token that rotation makes current.
   * @param now the current time, ms.
   */
  adopt(hash: string, rotation: Promise<RotateResult | undefined>, nextToken: string, now: number): void {
    for (const [key, entry] of this.late) if (entry.keepUntil <= now) this.late.delete(key)
    if (this.late.size >= MAX_LATE) return
    this.late.set(hash, { result: rotation.catch(() => undefined), nextToken, keepUntil: now + KEEP_MS })
  }

  /** The late rotation of this token, taken out (a second refresh with it meets the store), or undefined. */
  take(hash: string, now: number): LateRotation | undefined {
    const entry = this.late.get(hash)
    if (entry === undefined) return undefined
    this.late.delete(hash)
    return entry.keepUntil > now ? entry : undefined
  }
}
