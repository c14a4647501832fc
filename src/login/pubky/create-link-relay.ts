import type { IncomingMessage, ServerResponse } from 'node:http'

import { writeBytes, writePreflight, writeRefusal } from './link-relay-answers'
import { readLimitedBody } from './read-limited-body'

/** Bounds of a link relay; every one is a whole number >= 1. */
export interface LinkRelayOptions {
  /** The largest POST body, in bytes (default 16 KiB; a Pubky auth message is about 200). */
  maxBodyBytes?: number
  /** How long a GET or POST waits for its other half, in milliseconds (default 60 s). */
  waitMs?: number
  /** Requests waiting at once, all channels together (default 1,000); beyond, 503. */
  maxWaiting?: number
}

/** The demo's httprelay `link` endpoint, for node:http requests. */
export interface LinkRelay {
  /**
   * Answers `GET` or `POST /link/<channel>`. Mount it before any body parser.
   *
   * @param req - The request.
   * @param res - Its response.
   * @param channel - The channel (default: the last path segment of `req.url`).
   */
  handle(req: IncomingMessage, res: ServerResponse, channel?: string): void
  /** Requests waiting now. */
  readonly size: number
  /** Answers every waiting request 503 and stops their timers (for shutdown). */
  close(): void
}

interface Waiting {
  res: ServerResponse
  timer: NodeJS.Timeout
  body?: Buffer
}

const CHANNEL = /^[A-Za-z0-9_-]{1,128}$/

/**
 * The `link` feature of httprelay.io, as pubky-core's own relay serves it to the Pubky SDK: a
 * `GET /link/<channel>` waits for the `POST` of the same channel and receives its bytes
 * (`200`, `application/octet-stream`); the `POST` waits for the `GET` too and gets an empty
 * `200` once its bytes are handed over. Whichever comes first waits up to `waitMs`, then gets
 * 504. A second waiter of the same kind on a channel takes the place of the first, which gets
 * 409 (the SDK polls again after a lost connection). Bounded in body size (413), waiting time
 * and waiting requests (503); a client that goes away is forgotten at once.
 *
 * @param options - `maxBodyBytes`, `waitMs`, `maxWaiting`.
 * @throws TypeError for a bad option.
 * @example
 * const relay = createLinkRelay()
 * http.createServer((req, res) => req.url?.startsWith('/link/') ? relay.handle(req, res) : app(req, res))
 * // the app: pubky.startAuthFlow(caps, AuthFlowKind.signin(), 'http://localhost:3000/link')
 */
export function createLinkRelay({ maxBodyBytes = 16_384, waitMs = 60_000, maxWaiting = 1000 }: LinkRelayOptions = {}): LinkRelay {
  for (const [name, value] of Object.entries({ maxBodyBytes, waitMs, maxWaiting })) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`jwt-hooks: "${name}" must be a whole number >= 1`)
  }
  const consumers = new Map<string, Waiting>()
  const producers = new Map<string, Waiting>()

  function wait(list: Map<string, Waiting>, channel: string, res: ServerResponse, body?: Buffer): void {
    const previous = list.get(channel)
    if (previous === undefined && consumers.size + producers.size >= maxWaiting) return writeRefusal(res, 'busy', { 'Retry-After': '1' })
    if (previous !== undefined) release(list, channel, previous, 'replaced')
    const waiting: Waiting = { res, body, timer: setTimeout(() => release(list, channel, waiting, 'timeout'), waitMs) }
    waiting.timer.unref()
    list.set(channel, waiting)
    res.on('close', () => {
      if (list.get(channel) === waiting) release(list, channel, waiting)
    })
  }

  function release(list: Map<string, Waiting>, channel: string, waiting: Waiting, answer?: 'replaced' | 'timeout' | 'closing'): void {
    clearTimeout(waiting.timer)
    if (list.get(channel) === waiting) list.delete(channel)
    if (answer !== undefined) writeRefusal(waiting.res, answer)
  }

  /** The waiter on a channel whose client is still there, taken off the list. */
  function take(list: Map<string, Waiting>, channel: string): Waiting | undefined {
    const waiting = list.get(channel)
    if (waiting === undefined) return undefined
    release(list, channel, waiting)
    return waiting.res.destroyed ? undefined : waiting
  }

  function get(channel: string, res: ServerResponse): void {
    const producer = take(producers, channel)
    if (producer === undefined) return wait(consumers, channel, res)
    writeBytes(res, producer.body!)
    writeBytes(producer.res, Buffer.alloc(0))
  }

  async function post(channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (Number(req.headers['content-length']) > maxBodyBytes) return tooLarge(req, res)
    const body = await readLimitedBody(req, maxBodyBytes)
    if (body === 'aborted') return
    if (body === 'tooLarge') return tooLarge(req, res)
    const consumer = take(consumers, channel)
    if (consumer === undefined) return wait(producers, channel, res, body)
    writeBytes(consumer.res, body)
    writeBytes(res, Buffer.alloc(0))
  }

  return {
    get size() {
      return consumers.size + producers.size
    },
    handle(req, res, channel = lastSegment(req.url ?? '')) {
      if (!CHANNEL.test(channel)) return writeRefusal(res, 'badChannel')
      if (req.method === 'GET') return get(channel, res)
      if (req.method === 'POST') return void post(channel, req, res)
      if (req.method === 'OPTIONS') return writePreflight(res)
      writeRefusal(res, 'method', { Allow: 'GET, POST, OPTIONS' })
    },
    close() {
      for (const list of [consumers, producers]) for (const [channel, waiting] of list) release(list, channel, waiting, 'closing')
    },
  }
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  // The rest of the body is not read: close the connection rather than keep it in sync.
  writeRefusal(res, 'tooLarge', { Connection: 'close' })
  req.resume()
}

function lastSegment(url: string): string {
  const path = url.split('?', 1)[0]
  return path.slice(path.lastIndexOf('/') + 1)
}
