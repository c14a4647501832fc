import type { PrivateKey } from '@textile/crypto'
import WebSocket from 'ws'

/**
 * The client side of the Textile Hub example's `loginWithChallenge`, written here step for step
 * from its protocol (textileio/js-examples, hub-browser-auth-app/src/client/index.ts): connect to
 * `/ws/userAuth`; on open send `{ pubkey: id.public.toString(), type: 'token' }`; on `challenge`
 * take `Buffer.from(data.value)`, sign it with the identity and send
 * `{ type: 'challenge', sig: signed.toJSON() }`; resolve on `token` with `data.value`, reject on
 * `error` with `data.value`. `@textile/crypto`'s `sign` answers a Uint8Array, so it is wrapped in
 * a Buffer, as the seed's identity type answered one.
 */
export function loginWithChallenge(origin: string, id: PrivateKey): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws/userAuth`)
    socket.onerror = (event) => reject(new Error(`socket error: ${event.message}`))
    socket.onopen = () => {
      const publicKey = id.public.toString()
      socket.send(JSON.stringify({ pubkey: publicKey, type: 'token' }))
      socket.onmessage = async (event) => {
        const data = JSON.parse(String(event.data))
        switch (data.type) {
          case 'error': {
            reject(data.value)
            break
          }
          case 'challenge': {
            const buf = Buffer.from(data.value)
            const signed = Buffer.from(await id.sign(buf))
            socket.send(JSON.stringify({ type: 'challenge', sig: signed.toJSON() }))
            break
          }
          case 'token': {
            resolve(data.value)
            break
          }
        }
      }
    }
  })
}

/** Everything a server says on one connection after `send` runs, and how it closed. */
export interface Conversation {
  messages: unknown[]
  code: number
}

/**
 * Opens a socket, lets `script` talk (it gets each message as it comes), and resolves once the
 * server closes it (or the socket fails: code -1, the HTTP status in `messages` for a refused upgrade).
 */
export function converse(url: string, script: (socket: WebSocket, message: unknown) => void | Promise<void>, opening?: (socket: WebSocket) => void): Promise<Conversation> {
  return new Promise((resolve) => {
    const messages: unknown[] = []
    const socket = new WebSocket(url)
    socket.on('unexpected-response', (_req, res) => {
      resolve({ messages: [{ status: res.statusCode }], code: -1 })
      socket.terminate()
    })
    socket.on('error', () => undefined)
    socket.on('open', () => opening?.(socket))
    socket.on('message', (data, isBinary) => {
      const message = isBinary ? { binary: true } : JSON.parse(String(data))
      messages.push(message)
      void script(socket, message)
    })
    socket.on('close', (code) => resolve({ messages, code }))
  })
}
