import { verify } from 'node:crypto'
import { createServer, type Server } from 'node:http'

import { AuthFlowKind, AuthToken, Keypair, Pubky } from '@synonymdev/pubky'

import { parsePublicKey } from '../../src/login/identity/parse-public-key'
import { createLinkRelay, type LinkRelay } from '../../src/login/pubky/create-link-relay'
import { createPubkyAuthVerifier } from '../../src/login/pubky/create-pubky-auth-verifier'
import { verifyPubkyAuthToken } from '../../src/login/pubky/verify-pubky-auth-token'
import { close, listen } from '../support/http'

// Pubky's own sign-in, end to end with the real SDK 0.6.0 and no outside service: the app's
// startAuthFlow(caps, AuthFlowKind.signin(), relay) polls our relay, the user's signer
// approveAuthRequest(url) posts the encrypted AuthToken to it, the app's awaitToken() decrypts
// it, and the token's bytes verify with ours as with the SDK's own AuthToken.verify.

let server: Server
let relay: LinkRelay
let relayUrl: string
const posted: Buffer[] = []
const pubky = new Pubky()

beforeAll(async () => {
  relay = createLinkRelay()
  server = createServer((req, res) => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => posted.push(Buffer.concat(chunks)))
    }
    relay.handle(req, res)
  })
  relayUrl = `${await listen(server)}/link`
})

afterAll(async () => {
  relay.close()
  await close(server)
})

/** One sign-in: the app asks for `caps`, a new user approves; the AuthToken the app receives. */
async function signIn(caps: string): Promise<{ keypair: Keypair; token: AuthToken; bytes: Uint8Array }> {
  const flow = pubky.startAuthFlow(caps as never, AuthFlowKind.signin(), relayUrl)
  expect(flow.authorizationUrl).toContain(`relay=${relayUrl}`)
  const keypair = Keypair.random()
  await pubky.signer(keypair).approveAuthRequest(flow.authorizationUrl)
  const token = await flow.awaitToken()
  return { keypair, token, bytes: token.toBytes() }
}

describe('Pubky sign-in over our relay with @synonymdev/pubky 0.6.0 (startAuthFlow, approveAuthRequest, awaitToken)', () => {
  test('the AuthToken the app receives verifies with ours and with the SDK\'s, with the same key and capabilities', async () => {
    const { keypair, token, bytes } = await signIn('/pub/app/:wr,/pub/app/sub/:w,/pub/other.txt:r')
    const result = verifyPubkyAuthToken(bytes, Date.now())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    // The signer sanitizes what it grants: /pub/app/sub/:w is inside /pub/app/:rw.
    expect({ publicKey: result.token.publicKey, capabilities: result.token.capabilities }).toStrictEqual({
      publicKey: keypair.publicKey.z32(),
      capabilities: '/pub/app/:rw,/pub/other.txt:r',
    })
    const reference = AuthToken.verify(bytes)
    expect([reference.publicKey.z32(), reference.capabilities.join(',')]).toStrictEqual([result.token.publicKey, result.token.capabilities])
    expect(token.publicKey.z32()).toBe(keypair.publicKey.z32())
    expect(relay.size).toBe(0)
  })

  test('the signature the SDK made verifies on node:crypto over bytes[65..] with the parsed key', async () => {
    const { keypair, bytes } = await signIn('')
    const key = parsePublicKey(keypair.publicKey.toString())
    expect(verify(null, bytes.subarray(65), key.keyObject, bytes.subarray(0, 64))).toBe(true)
    expect(verify(null, bytes.subarray(64), key.keyObject, bytes.subarray(0, 64))).toBe(false)
    expect(verifyPubkyAuthToken(bytes, Date.now())).toMatchObject({ ok: true, token: { capabilities: '' } })
  })

  test('the relay carried only ciphertext: not the token, not the key', async () => {
    posted.length = 0
    const { bytes } = await signIn('/pub/app/:rw')
    expect(posted).toHaveLength(1)
    const [carried] = posted
    expect([carried.includes(Buffer.from(bytes.subarray(83, 115))), carried.includes(Buffer.from('/pub/app/:rw')), carried.length > bytes.length]).toStrictEqual([false, false, true])
  })

  test('replay: a real token is accepted once', async () => {
    const { bytes } = await signIn('/pub/app/:r')
    const verifier = createPubkyAuthVerifier()
    expect((await verifier.verify(bytes, Date.now())).ok).toBe(true)
    expect(await verifier.verify(bytes, Date.now())).toStrictEqual({ ok: false, problem: 'replayed', message: 'The AuthToken was already used.' })
    // The SDK's AuthToken.verify keeps no state: it accepts the replay (its homeserver has the guard).
    expect(() => AuthToken.verify(bytes)).not.toThrow()
  })

  test('a tampered real token is refused by both; an old or early one by ours (time from data)', async () => {
    const { bytes } = await signIn('/pub/app/:r')
    for (const at of [0, 70, 74, 90, bytes.length - 1]) {
      const tampered = Uint8Array.from(bytes)
      tampered[at] ^= 0x02
      expect(verifyPubkyAuthToken(tampered, Date.now()).ok).toBe(false)
      expect(() => AuthToken.verify(tampered)).toThrow()
    }
    const signedAt = verifyPubkyAuthToken(bytes, Date.now())
    if (!signedAt.ok) throw new Error('the real token should verify')
    expect(verifyPubkyAuthToken(bytes, signedAt.token.timestampMs + 180_001)).toMatchObject({ ok: false, problem: 'expired' })
    expect(verifyPubkyAuthToken(bytes, signedAt.token.timestampMs - 180_001)).toMatchObject({ ok: false, problem: 'future' })
    expect(verifyPubkyAuthToken(bytes, signedAt.token.timestampMs + 179_999).ok).toBe(true)
  })
})

describe('the SDK against relay timeouts (504): it polls again twice, and gives up at the third', () => {
  let slow: Server
  let slowRelay: LinkRelay
  let url: string
  const timeouts: number[] = []

  beforeAll(async () => {
    slowRelay = createLinkRelay({ waitMs: 500 })
    slow = createServer((req, res) => {
      res.on('finish', () => {
        if (req.method === 'GET' && res.statusCode === 504) timeouts.push(res.statusCode)
      })
      slowRelay.handle(req, res)
    })
    url = `${await listen(slow)}/link`
  })

  afterAll(async () => {
    slowRelay.close()
    await close(slow)
  })

  /** Resolves once the relay has answered `n` GETs with 504 (a condition, not a delay). */
  async function timedOut(n: number): Promise<void> {
    for (let i = 0; i < 1000 && timeouts.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 2))
    expect(timeouts.length).toBeGreaterThanOrEqual(n)
  }

  test('approved after two timeouts: the third poll still receives the token', async () => {
    timeouts.length = 0
    const flow = pubky.startAuthFlow('/pub/app/:r', AuthFlowKind.signin(), url)
    await timedOut(2)
    const keypair = Keypair.random()
    await pubky.signer(keypair).approveAuthRequest(flow.authorizationUrl)
    const token = await flow.awaitToken()
    expect(verifyPubkyAuthToken(token.toBytes(), Date.now())).toMatchObject({ ok: true, token: { publicKey: keypair.publicKey.z32() } })
  })

  test('three timeouts: awaitToken rejects with a RequestError (so a flow lasts at most 3 x waitMs)', async () => {
    timeouts.length = 0
    const flow = pubky.startAuthFlow('', AuthFlowKind.signin(), url)
    const error = await flow.awaitToken().then(
      () => 'token',
      (failure: { name: string }) => failure.name,
    )
    expect([error, timeouts.length]).toStrictEqual(['RequestError', 3])
  })
})
