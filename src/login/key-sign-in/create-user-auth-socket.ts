import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import { requirePeers } from '../../peers/require-peers'
import type { Sessions } from '../../tokens/sessions'
import type { KeySignIn } from './key-sign-in'
import { startUserAuthConversation } from './user-auth-conversation'

/** Bounds of the WebSocket door; each a whole number >= 1. */
export interface UserAuthSocketOptions {
  /** The path, matched without regard to case (default `/ws/userauth`: Textile's client says `/ws/userAuth`). */
  path?: string
  /** The largest message, in bytes (default 16 KiB). */
  maxPayload?: number
  /** From connecting to the last answer, in milliseconds (default 30 s); then an error and close. */
  answerTimeoutMs?: number
  /** Open connections per client address (default 10); beyond, the upgrade is answered 429. */
  maxPerAddress?: number
  /** Open connections in all (default 1,000); beyond, 503. */
  maxConnections?: number
  /** Where a store fault is said (default: nowhere). */
  onFault?: (error: unknown) => void
}

/** The WebSocket door of public-key sign-in, for a node:http server's `upgrade` event. */
export interface UserAuthSocket {
  /** Takes an upgrade request at the door's path (`true`), or leaves it to others (`false`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /** Open connections. */
  readonly size: number
  /** Closes every connection. */
  close(): void
}

/**
 * The WebSocket sign-in of the Textile Hub's example app (its `loginWithChallenge` client,
 * textileio/js-examples hub-browser-auth-app/src/client/index.ts), unchanged: the client sends
 * `{ type: 'token', pubkey }`; the server answers `{ type: 'challenge', value }` (the challenge
 * text's UTF-8 bytes as Buffer JSON); the client signs them and sends `{ type: 'challenge', sig }`
 * (Buffer JSON); the server answers `{ type: 'token', value: TOKENS }` and closes. Any failure is
 * `{ type: 'error', value: <description> }`, then close. The challenge is the HTTP one (same
 * store, host rule, single use); `{ type: 'token', pubkey, caps }` may ask for capabilities.
 * @param sessions where sessions are opened.
 * @param signIn the challenge store and host (`createKeySignIn`).
 * @param options path and bounds.
 * @throws TypeError for a bad option.
 * @example
 * const door = createUserAuthSocket(sessions, signIn)
 * server.on('upgrade', (req, socket, head) => door.handleUpgrade(req, socket, head) || socket.destroy())
 */
export function createUserAuthSocket(sessions: Sessions, signIn: KeySignIn, options: UserAuthSocketOptions = {}): UserAuthSocket {
  const { path = '/ws/userauth', maxPayload = 16_384, answerTimeoutMs = 30_000, maxPerAddress = 10, maxConnections = 1000, onFault = () => undefined } = options
  for (const [name, value] of Object.entries({ maxPayload, answerTimeoutMs, maxPerAddress, maxConnections })) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`jwt-hooks: "${name}" must be a whole number >= 1`)
  }
  if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('jwt-hooks: "path" must be a path such as "/ws/userauth"')
  signIn.boot()
  // Loaded here, not at the top: the package root exports this door, and ws is an optional peer.
  requirePeers('the WebSocket sign-in (createUserAuthSocket)', ['ws'])
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WebSocketServer } = require('ws') as typeof import('ws')
  const wanted = path.toLowerCase()
  const server = new WebSocketServer({ noServer: true, maxPayload })
  const perAddress = new Map<string, number>()
  const conversation = { sessions, signIn, answerTimeoutMs, onFault }

  function refuseUpgrade(socket: Duplex, status: 429 | 503): void {
    socket.end(`HTTP/1.1 ${status} ${status === 429 ? 'Too Many Requests' : 'Service Unavailable'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }

  return {
    get size() {
      return server.clients.size
    },
    handleUpgrade(req, socket, head) {
      if ((req.url ?? '').split('?', 1)[0].toLowerCase() !== wanted) return false
      const address = req.socket.remoteAddress ?? ''
      const open = perAddress.get(address) ?? 0
      if (open >= maxPerAddress) return (refuseUpgrade(socket, 429), true)
      if (server.clients.size >= maxConnections) return (refuseUpgrade(socket, 503), true)
      perAddress.set(address, open + 1)
      let counted = true
      const release = (): void => {
        if (!counted) return
        counted = false
        const left = (perAddress.get(address) ?? 1) - 1
        if (left === 0) perAddress.delete(address)
        else perAddress.set(address, left)
      }
      socket.once('close', release)
      socket.on('error', () => undefined)
      server.handleUpgrade(req, socket, head, (ws) => startUserAuthConversation(ws, req.headers.host, conversation))
      return true
    },
    close() {
      for (const ws of server.clients) ws.terminate()
      server.close()
    },
  }
}
