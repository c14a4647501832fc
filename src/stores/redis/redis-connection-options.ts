import type { RedisOptions } from 'ioredis'

/** How long the stores' calls may wait on Redis. */
export interface RedisTimeouts {
  /** A command without an answer after this rejects (default 2,000 ms). */
  commandTimeoutMs?: number
  /** A connection attempt gives up after this, and the next one starts (default 2,000 ms). */
  connectTimeoutMs?: number
}

/**
 * ioredis options under which every call of the stores settles within `commandTimeoutMs`,
 * whatever Redis does: while disconnected a call rejects at once, and one in flight when the
 * connection drops rejects then. Nothing is queued or resent: a command queued offline that
 * timed out would still be sent on reconnection, and a resent rotation would be reuse, so a
 * refresh answered 503 could happen after all and end the session.
 * @throws TypeError for a bad timeout.
 */
export function redisConnectionOptions({ commandTimeoutMs = 2_000, connectTimeoutMs = 2_000 }: RedisTimeouts = {}): RedisOptions {
  for (const [name, value] of Object.entries({ commandTimeoutMs, connectTimeoutMs })) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`jwt-hooks: "${name}" must be a whole number >= 1`)
  }
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    // Reconnect for ever, a little later each time, at least once a second.
    retryStrategy: (times: number) => Math.min(times * 50, 1_000),
  }
}
