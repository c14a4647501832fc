import { randomBytes } from 'node:crypto'

/** Where a poll of the Redis revocation log stands: the log's epoch, and the last number read. */
export interface RevocationCursor {
  /** Made when the log started; a new one means the log started again (Redis lost its data). */
  epoch: string
  seq: number
}

const CURSOR = /^([A-Za-z0-9_-]{0,32}):(0|[1-9]\d{0,15})$/

/**
 * Reads a cursor of `RedisSessionStore.revocationsSince`: `undefined` is the start.
 * @throws TypeError for a cursor no such store returned (a programmer's error).
 */
export function parseRevocationCursor(cursor: string | undefined): RevocationCursor {
  if (cursor === undefined) return { epoch: '', seq: 0 }
  const match = typeof cursor === 'string' ? CURSOR.exec(cursor) : null
  if (match === null) throw new TypeError('jwt-hooks: "cursor" must be a cursor this store returned')
  return { epoch: match[1], seq: Number(match[2]) }
}

/** Writes a cursor for `parseRevocationCursor`. */
export function formatRevocationCursor({ epoch, seq }: RevocationCursor): string {
  return `${epoch}:${seq}`
}

/**
 * The epoch a revocation log starts with, should this call start one: new for each call, so a
 * log that starts again (Redis lost its data, or the log expired) never has an old log's epoch,
 * and an old cursor is read from the new log's start instead of past its first entries.
 */
export function newEpoch(): string {
  return randomBytes(12).toString('base64url')
}
