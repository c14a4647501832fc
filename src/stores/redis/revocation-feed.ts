import type { Redis } from 'ioredis'

import type { Revocation } from '../session-store'

/** What `RedisSessionStore.subscribe` may be told besides each revocation. */
export interface SubscribeOptions {
  /**
   * Called each time the subscription is established: once at first, then after every
   * reconnection. A revocation made while it was not (before it, or during an outage) reached no
   * listener, so poll `revocationsSince` now, until `more` is false: every revocation is then
   * either heard or returned by that poll. From the start (`undefined`) is always right; from
   * your last cursor reads less, and the store restarts it when Redis lost its log. Add what the
   * poll returns to what you knew; never drop what you knew (a Redis that restarted without
   * persistence forgot it, while tokens of those sessions are still valid).
   */
  onResync?: () => void
  /** Called when an established subscription is lost: until the next `onResync`, other instances' revocations are not heard. */
  onLost?: () => void
}

interface Subscription extends SubscribeOptions {
  listener: (revocation: Revocation) => void
}

/**
 * The revocations of every instance, by Redis pub/sub: one subscriber connection (a duplicate
 * of the store's, created at the first subscription), shared by the process's listeners. A
 * revocation made by this store is told at once, and its echo from Redis skipped (`origin`).
 */
export class RevocationFeed {
  private readonly subscriptions = new Set<Subscription>()
  private connection: Redis | undefined
  private live = false
  private closed = false

  constructor(private readonly redis: Redis, private readonly channel: string, private readonly origin: string) {}

  /** Adds a listener (see `RedisSessionStore.subscribe`); returns the function that removes it. */
  subscribe(listener: (revocation: Revocation) => void, { onResync, onLost }: SubscribeOptions = {}): () => void {
    if (typeof listener !== 'function') throw new TypeError('jwt-hooks: "listener" must be a function')
    for (const [name, value] of Object.entries({ onResync, onLost })) {
      if (value !== undefined && typeof value !== 'function') throw new TypeError(`jwt-hooks: "${name}" must be a function`)
    }
    // An object per call, so one function subscribed twice is two subscriptions.
    const subscription: Subscription = { listener, onResync, onLost }
    this.subscriptions.add(subscription)
    this.connect()
    if (this.live && onResync) queueMicrotask(() => this.subscriptions.has(subscription) && onResync())
    return () => void this.subscriptions.delete(subscription)
  }

  /** Tells every listener, each on its own microtask: a listener's error cannot fail the store's call. */
  deliver(revocation: Revocation): void {
    for (const { listener } of this.subscriptions) queueMicrotask(() => listener({ ...revocation }))
  }

  /** Ends the subscriber connection; no listener is called after. */
  async close(): Promise<void> {
    this.closed = true
    this.live = false
    this.subscriptions.clear()
    const connection = this.connection
    this.connection = undefined
    if (connection === undefined) return
    // quit() only while connected: a disconnect() then would drop the QUIT, and one while
    // reconnecting is the only way to stop the retries.
    if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect())
    else connection.disconnect()
  }

  private connect(): void {
    if (this.connection !== undefined || this.closed) return
    // Subscribed on every 'ready' here, not by ioredis's auto-resubscribe: the resync must come
    // after Redis confirmed the subscription, or a revocation in between would be missed.
    const connection = this.redis.duplicate({ lazyConnect: false, autoResubscribe: false })
    this.connection = connection
    connection.on('ready', () => {
      connection.subscribe(this.channel).then(
        () => (connection.status === 'ready' && !this.closed ? this.established() : undefined),
        () => undefined, // lost again meanwhile: the next 'ready' subscribes
      )
    })
    connection.on('close', () => {
      if (!this.live) return
      this.live = false
      for (const { onLost } of this.subscriptions) if (onLost) queueMicrotask(onLost)
    })
    connection.on('message', (channel: string, message: string) => this.receive(channel, message))
    // Errors of the connection are the outage onLost tells of; the store's calls reject with their own.
    connection.on('error', () => undefined)
  }

  private established(): void {
    this.live = true
    for (const { onResync } of this.subscriptions) if (onResync) queueMicrotask(onResync)
  }

  private receive(channel: string, message: string): void {
    if (channel !== this.channel) return
    let parsed: { sid?: unknown; until?: unknown; origin?: unknown }
    try {
      parsed = JSON.parse(message)
    } catch {
      return
    }
    if (typeof parsed?.sid !== 'string' || typeof parsed.until !== 'number' || parsed.origin === this.origin) return
    this.deliver({ sid: parsed.sid, until: parsed.until })
  }
}
