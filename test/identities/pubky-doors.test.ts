import { createServer } from 'node:http'

import { AuthFlowKind, AuthToken, Keypair, Pubky } from '@synonymdev/pubky'
import express from 'express'

import * as expressDoor from '../../src/adapters/express'
import { createAuthCookieSettings } from '../../src/cookies/auth-cookie-settings'
import { createLinkRelay, type LinkRelay } from '../../src/login/pubky/create-link-relay'
import { TypeormSessionStore } from '../../src/stores/typeorm/typeorm-session-store'
import { createSessions } from '../../src/tokens/sessions'
import { KeyIdentity } from '../../src/typeorm/key-identity.entity'
import { close, listen } from '../support/http'
import { bearer, get, type Reply } from '../login/support/request'
import { claimsOf, judged, tokensAnswer } from '../sessions/support/answers'
import { DOORS, serve, type Mounted } from './support/auth-route-doors'
import { postBytes } from './support/post-bytes'
import { RAW_DOORS } from './support/raw-parser-doors'
import { INVALID_CHALLENGE, JSON_TYPE, useSignInStack } from './support/sign-in-stack'

// POST /auth/pubky through each door's authRoutes({ keySignIn }), over real HTTP, with AuthTokens
// the real @synonymdev/pubky client makes (startAuthFlow over a relay, approveAuthRequest,
// awaitToken). The answers are FoalTS's (test/identities/pubky-sign-in.test.ts), written out here.

const badRequest = (status: number, description: string) => ({ status, body: { code: 'invalid_request', description, errors: [] }, contentType: JSON_TYPE, cacheControl: undefined, wwwAuthenticate: undefined })
const NOT_BYTES = badRequest(400, "The request body must be the AuthToken's bytes (Content-Type: application/octet-stream).")
const NO_BYTES = badRequest(400, "The request body is empty: send the AuthToken's bytes (token.toBytes()).")
const TOO_LARGE = badRequest(413, 'The request body is larger than an AuthToken can be.')

const stack = useSignInStack()
let relay: LinkRelay
let relayServer: ReturnType<typeof createServer>
let relayUrl: string
const pubky = new Pubky()

beforeAll(async () => {
  relay = createLinkRelay()
  relayServer = createServer((req, res) => relay.handle(req, res))
  relayUrl = `${await listen(relayServer)}/link`
})
afterAll(async () => {
  relay.close()
  await close(relayServer)
})

/** One Pubky sign-in with the SDK: a new user approves `caps`; the AuthToken's bytes the app gets. */
async function sdkToken(caps: string): Promise<{ keypair: Keypair; bytes: Buffer }> {
  const flow = pubky.startAuthFlow(caps as never, AuthFlowKind.signin(), relayUrl)
  const keypair = Keypair.random()
  await pubky.signer(keypair).approveAuthRequest(flow.authorizationUrl)
  return { keypair, bytes: Buffer.from((await flow.awaitToken()).toBytes()) }
}

describe.each([...DOORS, ...RAW_DOORS])('$name: POST /auth/pubky of authRoutes(sessions, { keySignIn })', (door) => {
  let server: Mounted
  beforeAll(async () => {
    server = await door.start(stack.sessions, { keySignIn: stack.signIn })
  })
  afterAll(() => server.close())
  const pubkyUrl = () => `${server.url}/auth/pubky`

  test("the SDK's AuthToken: 200 TOKENS of a session of its key and capabilities, which GET /api/me takes; the same bytes again: 401 invalid_challenge", async () => {
    const { keypair, bytes } = await sdkToken('/pub/app/:rw,/pub/other.txt:r')
    const reply = await postBytes(pubkyUrl(), bytes)
    expect(judged(reply)).toStrictEqual(tokensAnswer(reply))
    const { accessToken } = reply.body as { accessToken: string }
    const claims = claimsOf(accessToken)
    expect({ sub: claims.sub, caps: claims.caps }).toStrictEqual({ sub: keypair.publicKey.z32(), caps: AuthToken.verify(bytes).capabilities.join(',') })
    const mine = await get(`${server.url}/api/me`, bearer(accessToken))
    expect({ status: mine.status, sub: (mine.body as { sub: string }).sub, caps: (mine.body as { caps: string }).caps }).toStrictEqual({ status: 200, sub: keypair.publicKey.z32(), caps: '/pub/app/:rw,/pub/other.txt:r' })
    expect(judged(await postBytes(pubkyUrl(), bytes))).toStrictEqual(INVALID_CHALLENGE)
    expect(await stack.db.dataSource.getRepository(KeyIdentity).countBy({ publicKey: keypair.publicKey.z32() })).toBe(1)
  })

  test.each<[string, () => Promise<Reply>, unknown]>([
    ['16 KiB and 1 byte, said by Content-Length: 413', () => postBytes(pubkyUrl(), Buffer.alloc(16_385)), TOO_LARGE],
    ['20 KiB streamed without a Content-Length: 413', () => postBytes(pubkyUrl(), Array.from({ length: 5 }, () => Buffer.alloc(4096))), TOO_LARGE],
    ['an empty body: 400', () => postBytes(pubkyUrl(), Buffer.alloc(0)), NO_BYTES],
    ['a few junk bytes: 401 invalid_challenge', () => postBytes(pubkyUrl(), Buffer.from('not a token')), INVALID_CHALLENGE],
    ['JSON: 400', () => postBytes(pubkyUrl(), Buffer.from('{"token":"x"}'), { 'content-type': 'application/json' }), NOT_BYTES],
    ['text: 400', () => postBytes(pubkyUrl(), Buffer.from('abc'), { 'content-type': 'text/plain' }), NOT_BYTES],
  ])('%s', async (_name, run, expected) => {
    expect(judged(await run())).toStrictEqual(expected)
  })

  test('the other routes still read JSON only: an octet-stream refresh is 400, the same as before', async () => {
    expect(judged(await postBytes(`${server.url}/auth/refresh`, Buffer.from('{}')))).toStrictEqual(badRequest(400, 'The request body must be JSON (Content-Type: application/json).'))
  })
})

describe.each([...DOORS, ...RAW_DOORS])('$name: POST /auth/pubky of authRoutes(sessions, { keySignIn, cookies })', (door) => {
  test('answers as the login in cookie mode: no refreshToken in the body, the three cookies', async () => {
    const cookies = createAuthCookieSettings({ csrf: { secret: 'a-csrf-secret-of-at-least-32-bytes!!' } })
    const server = await door.start(stack.sessions, { keySignIn: stack.signIn, cookies })
    try {
      const { keypair, bytes } = await sdkToken('/pub/app/:r')
      const reply = await postBytes(`${server.url}/auth/pubky`, bytes)
      const { accessToken } = reply.body as { accessToken: string }
      const { exp, sub } = claimsOf(accessToken)
      expect(judged(reply)).toStrictEqual({ status: 200, body: { accessToken, expiresAt: new Date(exp * 1000).toISOString(), token: accessToken }, contentType: JSON_TYPE, cacheControl: 'no-store', wwwAuthenticate: undefined })
      expect(sub).toBe(keypair.publicKey.z32())
      const lines = reply.headers['set-cookie'] as string[]
      const jar = Object.fromEntries(lines.map((line) => line.split(';', 1)[0].split('=') as [string, string]))
      expect(Object.keys(jar)).toStrictEqual(['auth', 'auth_refresh', 'XSRF-TOKEN'])
      expect(jar.auth).toBe(accessToken)
    } finally {
      await server.close()
    }
  })
})

describe('express with a parser that read the AuthToken as something else (express.text({ type: "*/*" })) first', () => {
  test('500 with an empty body, and one log line saying how to mount the routes', async () => {
    const lines: string[] = []
    const logged = createSessions({ store: new TypeormSessionStore(stack.stores), log: (line) => lines.push(line) })
    await logged.ready()
    const app = express()
    app.use(express.text({ type: '*/*' }))
    app.use(expressDoor.authRoutes(logged, { keySignIn: stack.signIn }))
    const server = await serve(createServer(app))
    try {
      const reply = await postBytes(`${server.url}/auth/pubky`, Buffer.from('not a token'))
      expect(judged(reply)).toStrictEqual({ status: 500, body: '', contentType: undefined, cacheControl: undefined, wwwAuthenticate: undefined })
      expect(lines).toStrictEqual([
        'jwt-hooks: sessions: an endpoint failed (Error: jwt-hooks: POST /auth/pubky: a body parser of the app read the request body before authRoutes and kept no Buffer of it; mount authRoutes before that parser, or parse application/octet-stream as raw bytes (express.raw())); answered 500',
      ])
    } finally {
      await server.close()
      logged.close()
    }
  })
})
