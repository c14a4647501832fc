import { createPublicKey, generateKeyPairSync } from 'node:crypto'

import { createRemoteJwks, type RemoteJwksOptions } from '../../src/core/keys/remote-jwks'
import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import type { AuthOutcome } from '../../src/core/types'
import { expressDoor } from '../conformance/doors/express.door'
import { fastifyDoor } from '../conformance/doors/fastify.door'
import { foalDoor } from '../conformance/doors/foal.door'
import { httpDoor } from '../conformance/doors/http.door'
import { koaDoor } from '../conformance/doors/koa.door'
import type { Running } from '../conformance/routes'
import { signAs } from '../security/support/forge'
import { invalidToken, ok, TIMED_OUT } from '../support/answers'
import { send } from '../support/http'
import { ED25519, KEY_KINDS, NOW, tokenFor, type KeyKind } from '../support/keys'
import { startJwksServer, type JwksServer } from './support/jwks-server'

// A remote JWKS (`jwksUrl`, createRemoteJwks) over a real server on 127.0.0.1 that counts its
// fetches: fetched on first use and kept, fetched again for an unknown kid at most once per
// cooldown and in the background once the cache is old, never from a URL a token names; a failed
// fetch keeps the keys fetched before, and with none every token is refused with 503.

const [, RS, ES] = KEY_KINDS
// The faked clock starts at the tokens' own now (their iat/exp are NOW-based), so only cooldowns move.
const T0 = NOW * 1000
const CLAIMS = { sub: '1' }
const PAYLOAD = { iat: NOW - 10, exp: NOW + 3600, ...CLAIMS }
const NO_KEY_FOR_KID = invalidToken('no key matches the token kid')
const UNAVAILABLE = { status: 503, body: undefined, headers: {} }

const jwkOf = (kind: KeyKind, kid: string, extra: Record<string, unknown> = {}) => ({ ...createPublicKey(kind.verifyKey).export({ format: 'jwk' }), kid, ...extra })
const signedBy = (kind: KeyKind, kid: string) => tokenFor(kind, CLAIMS, { keyid: kid })
const refused = (expected: { status: number; body: unknown; wwwAuthenticate: string | null }) => ({
  status: expected.status,
  body: expected.body,
  headers: expected.wwwAuthenticate === null ? {} : { 'WWW-Authenticate': expected.wwwAuthenticate },
})
const accepted = { token: expect.any(String), payload: PAYLOAD, user: PAYLOAD }

// Only Date is faked: the clock the cooldown and cache age are read from. Sockets, timers and
// fetch's own timeout run for real.
const REAL = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const
beforeEach(() => jest.useFakeTimers({ now: T0, doNotFake: [...REAL] }))
afterEach(() => jest.useRealTimers())

const logged: string[] = []
beforeEach(() => {
  logged.length = 0
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
})
afterEach(() => jest.restoreAllMocks())

let server: JwksServer
beforeEach(async () => {
  server = await startJwksServer({ keys: [jwkOf(RS, 'rsa-1'), jwkOf(ED25519, 'ed-1')] })
})
afterEach(() => server.stop())

function door(options: RemoteJwksOptions = {}, url = server.url) {
  const keys = createRemoteJwks(url, options)
  const authenticate = createAuthenticator({ keys })
  const ask = (token: string): AuthOutcome | Promise<AuthOutcome> => authenticate({ header: () => `Bearer ${token}` })
  /** The whole outcome, and whether it came at once or later. */
  const answer = async (token: string) => {
    const outcome = ask(token)
    return { at: outcome instanceof Promise ? 'later' : 'once', outcome: { ...(await outcome) } }
  }
  /** How many fetches of the set have been read and taken in so far. */
  const taken = () => keys.generation
  return { ask, answer, taken }
}

/** Lets the event loop turn until `done` holds (a fetch in the background), for at most 5 s of real time. */
async function settle(done: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000
  while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('fetched on first use, then kept', () => {
  test('the first token waits for the set; the next ones are answered at once, with no fetch', async () => {
    const { answer } = door()
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: accepted })
    expect(await answer(signedBy(ED25519, 'ed-1'))).toStrictEqual({ at: 'once', outcome: accepted })
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'once', outcome: accepted })
    expect(server.fetches()).toBe(1)
  })

  test('a token whose kid the fetched set does not hold is refused at once within the cooldown', async () => {
    const { answer } = door()
    await answer(signedBy(RS, 'rsa-1'))
    jest.setSystemTime(T0 + 29_999)
    expect(await answer(signedBy(RS, 'rsa-9'))).toStrictEqual({ at: 'once', outcome: refused(NO_KEY_FOR_KID) })
    expect(server.fetches()).toBe(1)
  })
})

describe('refetched on an unknown kid, at most once per cooldown', () => {
  test('a key rotated in is found by one fetch; a second unknown kid in the cooldown causes none', async () => {
    const { answer } = door()
    await answer(signedBy(RS, 'rsa-1'))
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const NEXT: KeyKind = { ...ES, signingKey: next.privateKey, verifyKey: next.publicKey.export({ type: 'spki', format: 'pem' }).toString() }
    server.serve({ keys: [jwkOf(RS, 'rsa-1'), jwkOf(NEXT, 'ec-2')] })
    jest.setSystemTime(T0 + 30_000)
    expect(await answer(signedBy(NEXT, 'ec-2'))).toStrictEqual({ at: 'later', outcome: accepted })
    expect(server.fetches()).toBe(2)
    jest.setSystemTime(T0 + 45_000)
    expect(await answer(signedBy(NEXT, 'ec-3'))).toStrictEqual({ at: 'once', outcome: refused(NO_KEY_FOR_KID) })
    expect(server.fetches()).toBe(2)
    jest.setSystemTime(T0 + 60_001)
    expect(await answer(signedBy(NEXT, 'ec-3'))).toStrictEqual({ at: 'later', outcome: refused(NO_KEY_FOR_KID) })
    expect(server.fetches()).toBe(3)
  })

  test('concurrent tokens of unknown kids share one fetch', async () => {
    const { ask } = door()
    await ask(signedBy(RS, 'rsa-1'))
    jest.setSystemTime(T0 + 30_000)
    const answers = await Promise.all([ask(signedBy(RS, 'x1')), ask(signedBy(RS, 'x2')), ask(signedBy(RS, 'x3'))])
    expect(answers.map((a) => ({ ...a }))).toStrictEqual([refused(NO_KEY_FOR_KID), refused(NO_KEY_FOR_KID), refused(NO_KEY_FOR_KID)])
    expect(server.fetches()).toBe(2)
  })

  test("a key taken out of the set stops verifying once the set is fetched again: no verdict of the old keys is kept", async () => {
    const { answer } = door()
    const old = signedBy(RS, 'rsa-1')
    expect(await answer(old)).toStrictEqual({ at: 'later', outcome: accepted })
    expect(await answer(old)).toStrictEqual({ at: 'once', outcome: accepted })
    server.serve({ keys: [jwkOf(ED25519, 'ed-1')] })
    jest.setSystemTime(T0 + 30_000)
    await answer(signedBy(ED25519, 'ed-2'))
    expect(server.fetches()).toBe(2)
    expect(await answer(old)).toStrictEqual({ at: 'once', outcome: refused(NO_KEY_FOR_KID) })
  })
})

describe('cached verdicts end with the key set: a door whose every request hits its token cache still fetches the set once cacheMaxAge has passed, and a key taken out stops verifying', () => {
  test('the same token, over and over: refetched after cacheMaxAge, then refused once its key is gone', async () => {
    const { answer, taken } = door({ cacheMaxAge: 60_000 })
    const token = signedBy(RS, 'rsa-1')
    expect(await answer(token)).toStrictEqual({ at: 'later', outcome: accepted })
    jest.setSystemTime(T0 + 59_999)
    expect(await answer(token)).toStrictEqual({ at: 'once', outcome: accepted })
    server.serve({ keys: [jwkOf(ED25519, 'ed-1')] })
    jest.setSystemTime(T0 + 60_000)
    // Answered with the keys held while the set is fetched behind it.
    expect(await answer(token)).toStrictEqual({ at: 'once', outcome: accepted })
    await settle(() => taken() === 2)
    expect(server.fetches()).toBe(2)
    expect(await answer(token)).toStrictEqual({ at: 'once', outcome: refused(NO_KEY_FOR_KID) })
  })

  test('tokens of one header (one kid), each new: the header verified before does not keep the set from being fetched after cacheMaxAge', async () => {
    const { answer, taken } = door({ cacheMaxAge: 60_000 })
    const tokenAt = (sub: string) => tokenFor(RS, { ...CLAIMS, sub }, { keyid: 'rsa-1' })
    expect(await answer(tokenAt('a'))).toStrictEqual({ at: 'later', outcome: { ...accepted, payload: { ...PAYLOAD, sub: 'a' }, user: { ...PAYLOAD, sub: 'a' } } })
    expect((await answer(tokenAt('b'))).at).toBe('once')
    server.serve({ keys: [jwkOf(ED25519, 'ed-1')] })
    jest.setSystemTime(T0 + 60_000)
    expect((await answer(tokenAt('c'))).at).toBe('once')
    await settle(() => taken() === 2)
    expect(server.fetches()).toBe(2)
    expect(await answer(tokenAt('d'))).toStrictEqual({ at: 'once', outcome: refused(NO_KEY_FOR_KID) })
  })
})

describe('fetched again in the background once the cache is old', () => {
  test('after cacheMaxAge a known kid is still answered at once, and the set is fetched behind it', async () => {
    const { answer } = door({ cacheMaxAge: 60_000 })
    await answer(signedBy(RS, 'rsa-1'))
    jest.setSystemTime(T0 + 60_000)
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'once', outcome: accepted })
    await settle(() => server.fetches() === 2)
    expect(server.fetches()).toBe(2)
  })
})

describe('failing closed, and stale-while-error', () => {
  test('nothing cached and the server down: 503, empty body; no fetch again within the cooldown', async () => {
    server.behave((_request, response) => void response.writeHead(500).end())
    const { answer } = door()
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'once', outcome: UNAVAILABLE })
    expect(server.fetches()).toBe(1)
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (answered 500); none fetched before: tokens are refused with 503`])
    // Back up, and the cooldown over: the next token fetches again.
    server.serve({ keys: [jwkOf(RS, 'rsa-1')] })
    jest.setSystemTime(T0 + 30_000)
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: accepted })
  })

  test('nobody listening at the URL: 503', async () => {
    await server.stop()
    const { answer } = door()
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (unreachable (ECONNREFUSED)); none fetched before: tokens are refused with 503`])
  })

  test('the server gone after a fetch: the keys fetched before keep verifying, an unknown kid is still no key', async () => {
    const { answer } = door()
    await answer(signedBy(RS, 'rsa-1'))
    await server.stop()
    jest.setSystemTime(T0 + 30_000)
    expect(await answer(signedBy(RS, 'rsa-2'))).toStrictEqual({ at: 'later', outcome: refused(NO_KEY_FOR_KID) })
    expect(await answer(signedBy(ED25519, 'ed-1'))).toStrictEqual({ at: 'once', outcome: accepted })
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (unreachable (ECONNREFUSED)); keeping the 2 keys fetched before`])
  })

  test('a server too slow to answer within timeoutDuration: 503', async () => {
    server.behave(() => undefined)
    const { answer } = door({ timeoutDuration: 100 })
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (no answer within 100 ms); none fetched before: tokens are refused with 503`])
  })

  test('a body that trickles in past timeoutDuration: 503 (the whole answer is bounded, not its start)', async () => {
    server.behave((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"keys":[')
    })
    const { answer } = door({ timeoutDuration: 100 })
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
  })

  test.each([
    ['not JSON', 'keys, please', 'its body is not JSON'],
    ['JSON that is no JWKS', '{"keys":{"kty":"RSA"}}', 'its body is not a JWKS (an object with a "keys" list)'],
  ])('a malformed body, %s: 503 with nothing cached', async (_what, body, reason) => {
    server.behave((_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(body))
    const { answer } = door()
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (${reason}); none fetched before: tokens are refused with 503`])
  })

  test('a huge body is read no further than maxBytes', async () => {
    let written = 0
    server.behave((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const more = (): void => {
        while (written < 64 * 1024 * 1024 && response.write(chunk)) written += chunk.length
        if (written < 64 * 1024 * 1024) response.once('drain', more)
      }
      response.on('close', () => (written = Math.min(written, 64 * 1024 * 1024)))
      more()
    })
    const { answer } = door({ maxBytes: 256 * 1024 })
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (its body is larger than 262144 bytes); none fetched before: tokens are refused with 503`])
    expect(written).toBeLessThan(64 * 1024 * 1024)
  })

  test('a Content-Length past maxBytes is refused before the body is read', async () => {
    server.behave((_request, response) => void response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).write('{'))
    const { answer } = door({ maxBytes: 1024 })
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(logged).toStrictEqual([`jwt-hooks: the key set at ${server.url} could not be fetched (its body is larger than 1024 bytes); none fetched before: tokens are refused with 503`])
  })

  test('a redirect is not followed: only the configured URL is ever asked', async () => {
    server.behave((_request, response) => void response.writeHead(302, { location: '/elsewhere.json' }).end())
    const { answer } = door()
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: UNAVAILABLE })
    expect(server.hits).toStrictEqual([`GET ${new URL(server.url).pathname}`])
  })
})

describe('the keys published', () => {
  test('a private key and a shared secret are never loaded (said in the log), an encryption key passed over, the rest used', async () => {
    const privateJwk = { ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as object), kid: 'leaked' }
    server.serve({ keys: [privateJwk, { kty: 'oct', k: 'c2VjcmV0', kid: 'hs' }, jwkOf(ES, 'enc', { use: 'enc' }), jwkOf(RS, 'rsa-1')] })
    const { answer } = door()
    expect(await answer(signedBy(RS, 'rsa-1'))).toStrictEqual({ at: 'later', outcome: accepted })
    expect(await answer(signedBy(ES, 'enc'))).toStrictEqual({ at: 'once', outcome: refused(NO_KEY_FOR_KID) })
    expect(logged).toStrictEqual([
      `jwt-hooks: the key set at ${server.url}, key 1: a private key or a shared secret, published: not loaded`,
      `jwt-hooks: the key set at ${server.url}, key 2: a private key or a shared secret, published: not loaded`,
    ])
  })

  test('jku and x5u in a token are never fetched: the configured URL alone is', async () => {
    const base = new URL(server.url).origin
    const { answer } = door()
    const token = signAs({ alg: 'RS256', kid: 'attacker', jku: `${base}/attacker/jwks.json`, x5u: `${base}/attacker/cert.pem` }, PAYLOAD, RS.otherSigningKey as never)
    expect(await answer(token)).toStrictEqual({ at: 'later', outcome: refused(NO_KEY_FOR_KID) })
    jest.setSystemTime(T0 + 60_000)
    expect(await answer(token)).toStrictEqual({ at: 'later', outcome: refused(NO_KEY_FOR_KID) })
    expect(server.hits).toStrictEqual([`GET ${new URL(server.url).pathname}`, `GET ${new URL(server.url).pathname}`])
  })
})

describe.each([foalDoor, expressDoor, koaDoor, fastifyDoor, httpDoor])('jwksUrl behind the $name door, over HTTP: the whole answer', (d) => {
  let http: Running
  let up: JwksServer
  let down: JwksServer
  let slow: JwksServer
  beforeAll(async () => {
    down = await startJwksServer({ keys: [] })
    await down.stop()
    up = await startJwksServer({ keys: [jwkOf(ED25519, 'ed-1'), jwkOf(RS, 'rsa-1')] })
    slow = await startJwksServer({ keys: [] })
    slow.behave(() => undefined)
    http = await d.start([
      { path: '/up', mode: 'required', options: { jwksUrl: up.url } },
      { path: '/down', mode: 'required', options: { jwksUrl: down.url } },
      { path: '/slow', mode: 'required', options: { keys: createRemoteJwks(slow.url, { timeoutDuration: 100 }) } },
    ])
  })
  afterAll(async () => {
    await http.close()
    await up.stop()
    await slow.stop()
  })

  test('a token of a published key: 200, for each key; an unknown kid: 401 naming it; one fetch for all', async () => {
    expect(await send(`${http.url}/up`, { authorization: `Bearer ${signedBy(ED25519, 'ed-1')}` })).toStrictEqual(ok(PAYLOAD))
    expect(await send(`${http.url}/up`, { authorization: `Bearer ${signedBy(RS, 'rsa-1')}` })).toStrictEqual(ok(PAYLOAD))
    expect(await send(`${http.url}/up`, { authorization: `Bearer ${signedBy(RS, 'rsa-7')}` })).toStrictEqual(NO_KEY_FOR_KID)
    expect(up.fetches()).toBe(1)
  })

  test('the key set unreachable, or too slow: 503, empty body', async () => {
    const token = signedBy(ED25519, 'ed-1')
    expect(await send(`${http.url}/down`, { authorization: `Bearer ${token}` })).toStrictEqual(TIMED_OUT)
    expect(await send(`${http.url}/slow`, { authorization: `Bearer ${token}` })).toStrictEqual(TIMED_OUT)
  })
})

test('a URL that is none, or not http(s), throws at setup', () => {
  expect(() => createRemoteJwks('not a url')).toThrow(new TypeError('jwt-hooks: option "jwksUrl": not a URL'))
  expect(() => createRemoteJwks('file:///etc/keys.json')).toThrow(new TypeError('jwt-hooks: option "jwksUrl": must be an https: or http: URL'))
  expect(() => createRemoteJwks('https://issuer.example/jwks.json', { timeoutDuration: -1 })).toThrow(new TypeError('jwt-hooks: "timeoutDuration" must be a number >= 0'))
})
