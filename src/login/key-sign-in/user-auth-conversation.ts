import type { RawData, WebSocket } from 'ws'

import { InvalidCapabilitiesError } from '../../core/authorize/invalid-capabilities-error'
import { validateCapabilities } from '../../core/authorize/validate-capabilities'
import type { Sessions } from '../../tokens/sessions'
import { StoreUnavailableError } from '../../tokens/store-unavailable-error'
import { parsePublicKey, type Ed25519PublicKey } from '../identity/parse-public-key'
import { PublicKeyError } from '../identity/public-key-error'
import type { KeySignIn } from './key-sign-in'
import { readSignatureJson } from './read-signature-json'
import { USER_AUTH_ANSWERS } from './user-auth-answers'

/** What one conversation of the WebSocket door needs. */
export interface UserAuthConversation {
  sessions: Sessions
  signIn: KeySignIn
  answerTimeoutMs: number
  onFault: (error: unknown) => void
}

type Step = { at: 'token' } | { at: 'challenge'; key: Ed25519PublicKey; text: string } | { at: 'busy' }

/**
 * One sign-in over an open socket, in the messages of Textile's `loginWithChallenge`: the token
 * request, the challenge, its signature, the tokens; any failure an error message and a close.
 * Messages are taken one at a time: one that comes while the last is being handled is out of order.
 */
export function startUserAuthConversation(ws: WebSocket, hostHeader: string | undefined, { sessions, signIn, answerTimeoutMs, onFault }: UserAuthConversation): void {
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

function parseMessage(data: RawData): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
