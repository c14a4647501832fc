import { AuthFlowKind, AuthToken, Keypair, Pubky } from '@synonymdev/pubky'
import { decode } from 'jsonwebtoken'

import { KeyIdentity } from '../../src/typeorm/key-identity.entity'
import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { bearer, post, send } from '../login/support/request'
import { START, useKeySignInServer } from './support/key-sign-in-server'

// Pubky's own sign-in against the demo app and nothing else: the app's startAuthFlow polls the
// demo's relay (/link), the signer's approveAuthRequest posts to it, and the AuthToken's bytes go
// to POST /auth/pubky. Hand-made tokens (test/support) cover what the SDK cannot be made to send.

const INVALID_CHALLENGE = { status: 401, body: { code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' } }
const START_US = BigInt(START) * 1000n

const server = useKeySignInServer()

/** POSTs bytes over real HTTP; the status and JSON body (or text). */
async function postBytes(bytes: Uint8Array | string, contentType = 'application/octet-stream') {
  const response = await fetch(`${server.url}/auth/pubky`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof bytes === 'string' ? bytes : Buffer.from(bytes) })
  const text = await response.text()
  return { status: response.status, body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text, cacheControl: response.headers.get('cache-control') }
}

const badRequest = (status: number, description: string) => ({ status, body: { code: 'invalid_request', description, errors: [] }, cacheControl: null })

describe('the whole Pubky flow through the demo: startAuthFlow with the demo relay, approveAuthRequest, awaitToken, POST /auth/pubky', () => {
  test("TOKENS of a session whose sub is the token's key (z32) and caps its capabilities; the identity is recorded; sign-out ends it", async () => {
    server.now.ms = Date.now()
    const pubky = new Pubky()
    const flow = pubky.startAuthFlow('/pub/app/:rw,/pub/other.txt:r' as never, AuthFlowKind.signin(), `${server.url}/link`)
    const keypair = Keypair.random()
    await pubky.signer(keypair).approveAuthRequest(flow.authorizationUrl)
    const token = await flow.awaitToken()
    const bytes = token.toBytes()
    const reply = await postBytes(bytes)
    const body = reply.body as { accessToken: string; refreshToken: string }
    const claims = decode(body.accessToken) as Record<string, unknown>
    expect(reply).toStrictEqual({
      status: 200,
      body: { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: new Date((claims.exp as number) * 1000).toISOString(), token: body.accessToken },
      cacheControl: 'no-store',
    })
    expect([claims.sub, claims.caps]).toStrictEqual([keypair.publicKey.z32(), AuthToken.verify(bytes).capabilities.join(',')])
    expect(claims.caps).toBe('/pub/app/:rw,/pub/other.txt:r')
    expect(await server.db.dataSource.getRepository(KeyIdentity).countBy({ publicKey: keypair.publicKey.z32() })).toBe(1)
    // Replay: the same bytes again.
    expect(await postBytes(bytes)).toStrictEqual({ ...INVALID_CHALLENGE, cacheControl: null })
    // Pubky's session.signout(), here: POST /auth/logout with the access token.
    expect((await send(`${server.url}/auth/logout`, { method: 'POST', headers: bearer(body.accessToken) })).status).toBe(204)
    expect((await post(`${server.url}/auth/refresh`, { body: { refreshToken: body.refreshToken } })).status).toBe(400)
  })
})

describe('AuthTokens refused: the one 401 invalid_challenge (time from data: the server clock at 2030-01-01)', () => {
  const signer = newSigner()
  test.each([
    ['a tampered byte (capabilities)', () => { const t = buildAuthToken(signer, { timestamp: START_US }); t[t.length - 1] ^= 1; return t }],
    ['a signature by another key', () => { const t = buildAuthToken(newSigner(), { timestamp: START_US, publicKey: signer.raw }); return t }],
    ['another namespace', () => buildAuthToken(signer, { timestamp: START_US, namespace: 'PUBKY:AUTX' })],
    ['another version', () => buildAuthToken(signer, { timestamp: START_US, version: 1 })],
    ['a timestamp 3 minutes and 1 ms old', () => buildAuthToken(signer, { timestamp: START_US - 180_001_000n })],
    ['a timestamp 3 minutes and 1 ms ahead', () => buildAuthToken(signer, { timestamp: START_US + 180_001_000n })],
    ['a small-order key', () => buildAuthToken(signer, { timestamp: START_US, publicKey: Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex') })],
    ['trailing bytes', () => buildAuthToken(signer, { timestamp: START_US, trailing: Buffer.from([0]) })],
    ['a few junk bytes', () => Buffer.from('not a token')],
  ])('%s', async (_why, make) => {
    expect(await postBytes(make())).toStrictEqual({ ...INVALID_CHALLENGE, cacheControl: null })
  })

  test('a token 2 minutes 59 s off either way is good; used once, it is a replay the second time', async () => {
    for (const timestamp of [START_US - 179_000_000n, START_US + 179_000_000n]) {
      const token = buildAuthToken(signer, { timestamp, capabilities: '/pub/a/:r' })
      const first = await postBytes(token)
      expect([first.status, (decode(first.body.accessToken) as { caps: string }).caps]).toStrictEqual([200, '/pub/a/:r'])
      expect(await postBytes(token)).toStrictEqual({ ...INVALID_CHALLENGE, cacheControl: null })
    }
  })
})

describe('bad input on POST /auth/pubky: 400 / 413, never a 5xx', () => {
  test('not application/octet-stream (JSON, text)', async () => {
    const description = "The request body must be the AuthToken's bytes (Content-Type: application/octet-stream)."
    expect(await postBytes('{"token":"x"}', 'application/json')).toStrictEqual(badRequest(400, description))
    expect(await postBytes('abc', 'text/plain')).toStrictEqual(badRequest(400, description))
  })

  test('an empty body', async () => {
    expect(await postBytes(new Uint8Array(0))).toStrictEqual(badRequest(400, "The request body is empty: send the AuthToken's bytes (token.toBytes())."))
  })

  test('over 16 KiB, said by Content-Length or streamed', async () => {
    const description = 'The request body is larger than an AuthToken can be.'
    expect(await postBytes(new Uint8Array(16_385))).toStrictEqual(badRequest(413, description))
    const streamed = await fetch(`${server.url}/auth/pubky`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new ReadableStream({ start(controller) { for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(4096)); controller.close() } }),
      duplex: 'half',
    } as RequestInit)
    expect({ status: streamed.status, body: await streamed.json() }).toStrictEqual({ status: 413, body: { code: 'invalid_request', description, errors: [] } })
  })
})

describe("the demo's relay is answered before any body parser", () => {
  test('a POST of JSON to /link/<channel> is handed as bytes to the waiting GET', async () => {
    // Either may come first: the relay holds whichever waits.
    const got = fetch(`${server.url}/link/demo-channel`)
    const posted = await fetch(`${server.url}/link/demo-channel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    const answer = await got
    expect([posted.status, answer.status, answer.headers.get('content-type'), await answer.text()]).toStrictEqual([200, 200, 'application/octet-stream', '{"a":1}'])
  })

  test('a body over 16 KiB is 413', async () => {
    const reply = await fetch(`${server.url}/link/big`, { method: 'POST', body: Buffer.alloc(16_385) })
    expect([reply.status, await reply.json()]).toStrictEqual([413, { code: 'payload_too_large', description: 'The body is larger than the relay accepts.' }])
  })
})
