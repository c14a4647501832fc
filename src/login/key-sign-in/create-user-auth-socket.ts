import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import type { RawData, WebSocket } from 'ws'

import { requirePeers } from '../../peers/require-peers'
import { InvalidCapabilitiesError } from '../../core/authorize/invalid-capabilities-error'
import { validateCapabilities } from '../../core/authorize/validate-capabilities'
import type { Sessions } from '../../tokens/sessions'
import { StoreUnavailableError } from '../../tokens/store-unavailable-error'
import { parsePublicKey, type Ed25519PublicKey } from '../identity/parse-public-key'
import { PublicKeyError } from '../identity/public-key-error'
import type { KeySignIn } from './key-sign-in'
import { readSignatureJson } from './read-signature-json'
import { USER_AUTH_ANSWERS } from './user-auth-answers'

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

type Step = { at: 'token' } | { at: 'challenge'; key: Ed25519PublicKey; text: string } | { at: 'busy' }

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
      server.handleUpgrade(req, socket, head, (ws) => converse(ws, req.headers.host))
      return true
    },
    close() {
      for (const ws of server.clients) ws.terminate()
      server.close()
    },
  }

  function converse(ws: WebSocket, hostHeader: string | undefined): void {
    let step: Step = { at: 'token' }
    const timer = setTimeout(() => fail(USER_AUTH_ANSWERS.timeout), answerTimeoutMs)
    timer.unref()
    ws.on('close', () => clearTimeout(timer))
    // A frame over maxPayload, bad UTF-8 or a protocol error: ws closes the socket itself.
    ws.on('error', () => clearTimeout(timer))

    function send(message: unknown): void {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
    }
    function fail(description: string): void {
      step = { at: 'busy' }
      clearTimeout(timer)
      send({ type: 'error', value: description })
      ws.close(1008)
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return fail(USER_AUTH_ANSWERS.notText)
      const message = parseMessage(data)
      if (message === undefined) return fail(USER_AUTH_ANSWERS.notJson)
      const current = step
      step = { at: 'busy' }
      const handled = current.at === 'token' && message.type === 'token'
        ? onToken(message)
        : current.at === 'challenge' && message.type === 'challenge'
          ? onChallenge(current, message)
          : Promise.resolve(fail(USER_AUTH_ANSWERS.wrongOrder))
      // A store fault, or a fault of our own: said once, and the client told to try later.
      void handled.catch((error: unknown) => {
        onFault(error instanceof StoreUnavailableError ? error : new StoreUnavailableError('sign in over the socket', error))
        fail(USER_AUTH_ANSWERS.unavailable)
      })
    })

    async function onToken(message: Record<string, unknown>): Promise<void> {
      let key: Ed25519PublicKey
      try {
        key = parsePublicKey(message.pubkey as string)
      } catch (error) {
        if (error instanceof PublicKeyError) return fail(error.message)
        throw error
      }
      let caps = ''
      if (message.caps !== undefined && message.caps !== null) {
        try {
          caps = validateCapabilities(message.caps as string)
        } catch (error) {
          if (error instanceof InvalidCapabilitiesError || error instanceof TypeError) return fail(USER_AUTH_ANSWERS.badCaps)
          throw error
        }
      }
      const host = signIn.hostOf(hostHeader)
      if (host === undefined) return fail(USER_AUTH_ANSWERS.noHost)
      const issued = await signIn.issue(key, caps, host)
      if ('refused' in issued) {
        if (issued.refused === 'tooMany') return fail(USER_AUTH_ANSWERS.tooMany)
        if (issued.refused === 'full') return fail(USER_AUTH_ANSWERS.unavailable)
        return fail(issued.refused === 'host' ? USER_AUTH_ANSWERS.badHost : USER_AUTH_ANSWERS.badCaps)
      }
      if (ws.readyState !== ws.OPEN) return
      step = { at: 'challenge', key, text: issued.text }
      send({ type: 'challenge', value: Buffer.from(issued.text, 'utf8').toJSON() })
    }

    async function onChallenge(current: { key: Ed25519PublicKey; text: string }, message: Record<string, unknown>): Promise<void> {
      const signature = readSignatureJson(message.sig)
      if (signature === undefined) return fail(USER_AUTH_ANSWERS.badSignature)
      const proven = await signIn.answer(current.key, current.text, signature)
      if (proven === undefined) return fail(USER_AUTH_ANSWERS.invalidChallenge)
      const tokens = await signIn.signIn(sessions, proven)
      clearTimeout(timer)
      send({ type: 'token', value: { ...tokens } })
      ws.close(1000)
    }
  }
}

function parseMessage(data: RawData): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
