import { createServer, type Server } from 'node:http'

import { Keypair } from '@synonymdev/pubky'
import { PrivateKey } from '@textile/crypto'
import fc from 'fast-check'
import { decode } from 'jsonwebtoken'
import WebSocket from 'ws'

import { createUserAuthSocket, type UserAuthSocket } from '../../src/login/key-sign-in/create-user-auth-socket'
import { createKeySignIn } from '../../src/login/key-sign-in/key-sign-in'
import { createSessions } from '../../src/tokens/sessions'
import { KeyIdentity } from '../../src/typeorm/key-identity.entity'
import { close, listen } from '../support/http'
import { signWithSeed, START, useKeySignInServer, z32Of } from './support/key-sign-in-server'
import { converse, loginWithChallenge } from './support/textile-client'

// The WebSocket door /ws/userauth on the demo app, spoken to by the Textile Hub example's own
// client protocol (loginWithChallenge), with a real @textile/crypto identity.

const INVALID = 'The challenge is unknown, expired or already used, or the signature does not match.'
const WRONG_ORDER = 'Expected { type: "token", pubkey } first, then { type: "challenge", sig }.'
const BAD_SIG = 'sig must be the 64 signature bytes as Buffer JSON ({ "type": "Buffer", "data": [...] }) or an array of bytes.'
const NOT_JSON = 'The message is not a JSON object.'

const server = useKeySignInServer()
const wsUrl = () => `${server.url.replace('http', 'ws')}/ws/userauth`

/** The challenge text a `{ type: 'challenge', value }` message carries. */
const textOf = (message: unknown) => Buffer.from((message as { value: { data: number[] } }).value.data).toString('utf8')

describe("Textile's loginWithChallenge client, unchanged, against /ws/userAuth", () => {
  test('resolves with TOKENS of a session whose sub is the key (z-base-32); the identity is recorded', async () => {
    const identity = PrivateKey.fromRandom()
    const value = (await loginWithChallenge(server.url, identity)) as Record<string, string>
    const claims = decode(value.accessToken) as Record<string, unknown>
    expect(value).toStrictEqual({ accessToken: value.accessToken, refreshToken: value.refreshToken, expiresAt: new Date((claims.exp as number) * 1000).toISOString(), token: value.accessToken })
    expect([claims.sub, typeof claims.sid]).toStrictEqual([z32Of(identity.public.pubKey), 'string'])
    expect(await server.db.dataSource.getRepository(KeyIdentity).countBy({ publicKey: z32Of(identity.public.pubKey) })).toBe(1)
  })

  test('the challenge it signs is the HTTP one: host, key, no caps, nonce, expiry, as Buffer JSON', async () => {
    const identity = PrivateKey.fromRandom()
    const talk = await converse(wsUrl(), (socket) => socket.close(1000), (socket) => socket.send(JSON.stringify({ pubkey: identity.public.toString(), type: 'token' })))
    expect(talk).toStrictEqual({ messages: [{ type: 'challenge', value: { type: 'Buffer', data: expect.any(Array) } }], code: 1000 })
    const lines = textOf(talk.messages[0]).split('\n')
    expect([lines[0], lines[1], lines[2], lines[3], lines[5]]).toStrictEqual([
      `${new URL(server.url).host} wants you to sign in with your Ed25519 key:`,
      z32Of(identity.public.pubKey),
      '',
      'Capabilities: none',
      `Expiration Time: ${new Date(START + 300_000).toISOString()}`,
    ])
  })

  test('the path is matched without regard to case (/ws/userauth, /ws/USERAUTH); any other path is refused', async () => {
    const identity = PrivateKey.fromRandom()
    for (const path of ['/ws/userauth', '/ws/USERAUTH?x=1']) {
      const talk = await converse(`${server.url.replace('http', 'ws')}${path}`, (socket) => socket.close(1000), (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: identity.public.toString() })))
      expect(talk.messages).toStrictEqual([{ type: 'challenge', value: expect.anything() }])
    }
    const other = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/other`)
      socket.on('error', (error) => resolve(error.message))
      socket.on('open', () => resolve('open'))
    })
    expect(other).toBe('socket hang up')
  })
})

/** Asks for a challenge with `identity`, then sends `reply(challengeText)`; what the server says. */
async function answerWith(identity: { public: { toString(): string } }, reply: (text: string) => unknown | Promise<unknown>) {
  return converse(
    wsUrl(),
    async (socket, message) => {
      if ((message as { type: string }).type === 'challenge') socket.send(JSON.stringify(await reply(textOf(message))))
    },
    (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: identity.public.toString() })),
  )
}

describe('attacks and bad input over the socket: { type: "error", value } and close, never a crash', () => {
  test('a signature by another key', async () => {
    const identity = PrivateKey.fromRandom()
    const other = PrivateKey.fromRandom()
    const talk = await answerWith(identity, async (text) => ({ type: 'challenge', sig: Buffer.from(await other.sign(Buffer.from(text))).toJSON() }))
    expect(talk).toStrictEqual({ messages: [expect.objectContaining({ type: 'challenge' }), { type: 'error', value: INVALID }], code: 1008 })
  })

  test('the signature as a plain array of bytes is taken (lenient); as a string, or 63 bytes, it is refused', async () => {
    const identity = PrivateKey.fromRandom()
    const plain = await answerWith(identity, async (text) => ({ type: 'challenge', sig: Array.from(await identity.sign(Buffer.from(text))) }))
    expect(plain.messages[1]).toStrictEqual({ type: 'token', value: expect.objectContaining({ accessToken: expect.any(String) }) })
    for (const sig of ['abcd', { type: 'Buffer', data: Array(63).fill(1) }, { type: 'Buffer', data: Array(64).fill(256) }, null]) {
      const talk = await answerWith(identity, () => ({ type: 'challenge', sig }))
      expect(talk.messages.slice(1)).toStrictEqual([{ type: 'error', value: BAD_SIG }])
    }
  })

  test('a Pubky key (z32) with its secret\'s signature also signs in over the socket', async () => {
    const keypair = Keypair.random()
    const identity = { public: { toString: () => keypair.publicKey.z32() } }
    const talk = await answerWith(identity, (text) => ({ type: 'challenge', sig: signWithSeed(keypair.secret(), text).toJSON() }))
    expect((decode((talk.messages[1] as { value: { accessToken: string } }).value.accessToken) as { sub: string }).sub).toBe(keypair.publicKey.z32())
  })

  test.each([
    ['a small-order key', { type: 'token', pubkey: Buffer.alloc(32).toString('base64url') }, 'The public key is a small-order Ed25519 point, for which anyone can make signatures.'],
    ['no pubkey', { type: 'token' }, 'The public key must be a string.'],
    ['a challenge answer first', { type: 'challenge', sig: Array(64).fill(0) }, WRONG_ORDER],
    ['an unknown type', { type: 'hello' }, WRONG_ORDER],
    ['bad caps', { type: 'token', pubkey: PrivateKey.fromRandom().public.toString(), caps: 'nope' }, 'caps must be a capabilities string such as "/pub/app/:rw".'],
  ])('%s', async (_why, message, description) => {
    const talk = await converse(wsUrl(), () => undefined, (socket) => socket.send(JSON.stringify(message)))
    expect(talk).toStrictEqual({ messages: [{ type: 'error', value: description }], code: 1008 })
  })

  test('junk text, JSON that is not an object, a binary frame', async () => {
    for (const [frame, binary] of [['{"type":', false], ['[1,2]', false], ['"token"', false], [Buffer.from('{"type":"token"}'), true]] as const) {
      const talk = await converse(wsUrl(), () => undefined, (socket) => socket.send(frame, { binary }))
      expect(talk).toStrictEqual({ messages: [{ type: 'error', value: binary ? 'Messages must be JSON text frames.' : NOT_JSON }], code: 1008 })
    }
  })

  test('a second token request while the challenge waits is out of order', async () => {
    const identity = PrivateKey.fromRandom()
    const talk = await answerWith(identity, () => ({ type: 'token', pubkey: identity.public.toString() }))
    expect(talk.messages.slice(1)).toStrictEqual([{ type: 'error', value: WRONG_ORDER }])
  })

  test('a message over 16 KiB: the socket is closed (1009), the server goes on', async () => {
    const talk = await converse(wsUrl(), () => undefined, (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: 'x'.repeat(20_000) })))
    expect(talk).toStrictEqual({ messages: [], code: 1009 })
    await expect(loginWithChallenge(server.url, PrivateKey.fromRandom())).resolves.toHaveProperty('accessToken')
  })

  test('an early close after the challenge, and a close before anything: the server goes on', async () => {
    const identity = PrivateKey.fromRandom()
    await converse(wsUrl(), (socket) => socket.terminate(), (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: identity.public.toString() })))
    await converse(wsUrl(), () => undefined, (socket) => socket.terminate())
    await expect(loginWithChallenge(server.url, identity)).resolves.toHaveProperty('accessToken')
  })

  test('fuzz: random JSON messages and raw frames never crash the door; each connection ends with an error or a challenge', async () => {
    const identity = PrivateKey.fromRandom()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => ({ frame: JSON.stringify(value), binary: false })),
          fc.record({ type: fc.constantFrom('token', 'challenge'), pubkey: fc.oneof(fc.string(), fc.constant(identity.public.toString())), sig: fc.anything() }).map((value) => ({ frame: JSON.stringify(value), binary: false })),
          fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ frame: Buffer.from(bytes), binary: true })),
          fc.string({ maxLength: 64 }).map((text) => ({ frame: text, binary: false })),
        ),
        async ({ frame, binary }) => {
          const talk = await converse(wsUrl(), (socket) => socket.close(1000), (socket) => socket.send(frame, { binary }))
          const [first] = talk.messages as { type: string }[]
          expect(['error', 'challenge']).toContain(first?.type)
        },
      ),
      { numRuns: 60 },
    )
    // A fresh key: the fuzzed token requests may have filled this one's 5 waiting challenges.
    await expect(loginWithChallenge(server.url, PrivateKey.fromRandom())).resolves.toHaveProperty('accessToken')
  }, 60_000)
})

describe('bounds of a door of its own: time to answer, connections per address', () => {
  let plain: Server
  let door: UserAuthSocket
  let url: string

  beforeAll(async () => {
    const sessions = createSessions({ sweepInterval: false })
    const signIn = createKeySignIn({ host: 'example.com', sweepInterval: false })
    door = createUserAuthSocket(sessions, signIn, { answerTimeoutMs: 200, maxPerAddress: 3 })
    plain = createServer((_req, res) => res.end())
    plain.on('upgrade', (req, socket, head) => door.handleUpgrade(req, socket, head) || socket.destroy())
    url = `${(await listen(plain)).replace('http', 'ws')}/ws/userauth`
  })

  afterAll(async () => {
    door.close()
    await close(plain)
  })

  test('no answer within answerTimeoutMs: an error, then close', async () => {
    const talk = await converse(url, () => undefined, (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: PrivateKey.fromRandom().public.toString() })))
    expect(talk).toStrictEqual({ messages: [expect.objectContaining({ type: 'challenge' }), { type: 'error', value: 'No answer in time.' }], code: 1008 })
  })

  test('a configured host is what the challenge names, whatever the Host header', async () => {
    const talk = await converse(url, (socket) => socket.close(1000), (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: PrivateKey.fromRandom().public.toString() })))
    expect(textOf(talk.messages[0]).split('\n')[0]).toBe('example.com wants you to sign in with your Ed25519 key:')
  })

  test('a 4th connection from one address is refused 429 while 3 are open; once one closes, another is let in', async () => {
    const open = await Promise.all(
      Array.from({ length: 3 }, () => new Promise<WebSocket>((resolve) => {
        const socket = new WebSocket(url)
        socket.on('open', () => resolve(socket))
      })),
    )
    expect(door.size).toBe(3)
    const refused = await converse(url, () => undefined)
    expect(refused).toStrictEqual({ messages: [{ status: 429 }], code: -1 })
    await new Promise<void>((resolve) => {
      open[0].on('close', () => resolve())
      open[0].close(1000)
    })
    const closed = () => new Promise<void>((resolve) => setImmediate(resolve))
    for (let i = 0; i < 100 && door.size > 2; i++) await closed()
    const admitted = await converse(url, (socket) => socket.close(1000), (socket) => socket.send(JSON.stringify({ type: 'token', pubkey: PrivateKey.fromRandom().public.toString() })))
    expect(admitted.messages).toStrictEqual([expect.objectContaining({ type: 'challenge' })])
    for (const socket of open.slice(1)) socket.close(1000)
  })
})
