import { createTokenManager, type TokenManager } from '../../src/client'
import { answerOf, Callbacks, testClock } from './support/callbacks'
import { RefreshServer } from './support/refresh-server'
import { expiredTokens } from './support/tokens'

const BUFFER_MS = 300_000
let server: RefreshServer
let manager: TokenManager | undefined

beforeEach(async () => {
  server = await new RefreshServer().start()
})
afterEach(async () => {
  manager?.stop()
  manager = undefined
  await server.close()
})

const expiresAtMs = (expiresAt: string | number): number => (typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt))

describe.each(['iso', 'ms'] as const)('expiresAt as %s (both ChatSDK forms)', (form) => {
  beforeEach(() => {
    server.expiresAtAs = form
  })

  test('the token is used as is until refreshBufferMs before expiresAt, then refreshed on demand', async () => {
    const tokens = server.signIn()
    expect(typeof tokens.expiresAt).toBe(form === 'ms' ? 'number' : 'string')
    const refreshAt = expiresAtMs(tokens.expiresAt) - BUFFER_MS
    const clock = testClock(refreshAt - 1)
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, now: clock.now, ...callbacks.options })

    expect(await manager.getAccessToken()).toBe(tokens.accessToken)
    expect(server.counts.refresh).toBe(0)

    clock.set(refreshAt)
    const fresh = await manager.getAccessToken()
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(callbacks.refreshed).toStrictEqual([server.lastIssued])
    expect(fresh).toBe(server.lastIssued!.accessToken)
    expect(fresh).not.toBe(tokens.accessToken)
    // The new expiresAt was read in the same form: the new token is not due, so no second refresh.
    expect(await manager.getAccessToken()).toBe(fresh)
    expect(server.counts.refresh).toBe(1)
  })

  test('the timer refreshes refreshBufferMs before expiresAt, with no call made', async () => {
    const tokens = server.signIn()
    const callbacks = new Callbacks()
    const refreshed = callbacks.nextRefresh()
    // The buffer from the data: the refresh is due in 20 ms.
    const refreshBufferMs = expiresAtMs(tokens.expiresAt) - Date.now() - 20
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, refreshBufferMs, ...callbacks.options })
    expect(server.counts.refresh).toBe(0)

    expect(await refreshed).toStrictEqual(server.lastIssued)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    const access = await manager.getAccessToken()
    expect(access).toBe(server.lastIssued!.accessToken)
    expect(await answerOf(await manager.fetch(`${server.origin}/api/echo`))).toStrictEqual({
      status: 200,
      body: { sub: 'user-1', method: 'GET', authorization: `Bearer ${access}`, xApp: null, contentType: null, body: '' },
      wwwAuthenticate: null,
    })
    expect(server.counts.refresh).toBe(1)
  })
})

test('clock skew: a token already expired at construction is refreshed at once, before any call', async () => {
  const tokens = expiredTokens(server)
  const callbacks = new Callbacks()
  const refreshed = callbacks.nextRefresh()
  manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, ...callbacks.options })

  expect(await refreshed).toStrictEqual(server.lastIssued)
  expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  expect(await manager.getAccessToken()).toBe(server.lastIssued!.accessToken)
})

test('each refresh sends the refresh token of the one before (rotation), and onTokenRefresh gets every TOKENS', async () => {
  // One clock for the server and the manager, an hour later each time: every token expired.
  const clock = testClock(Date.now())
  server.now = clock.now
  const tokens = server.signIn()
  const callbacks = new Callbacks()
  manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, now: clock.now, ...callbacks.options })
  const issued = []
  for (let i = 1; i <= 3; i++) {
    clock.set(clock.now() + 3600_000)
    expect(await manager.getAccessToken()).toBe(server.lastIssued!.accessToken)
    issued.push(server.lastIssued)
  }
  // A spent refresh token would have been answered invalid_grant.
  expect(server.counts).toStrictEqual({ refresh: 3, refreshed: 3, invalidGrant: 0 })
  expect(callbacks.refreshed).toStrictEqual(issued)
  expect(callbacks.errors).toStrictEqual([])
})

describe('one refresh at a time', () => {
  test('20 fetches and 5 getAccessToken() during a refresh: exactly one refresh request, all get its token', async () => {
    const tokens = expiredTokens(server)
    const release = server.holdRefreshes()
    const arrived = server.nextRefresh()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    await arrived
    const m = manager
    const fetches = Array.from({ length: 20 }, (_, i) => m.fetch(`${server.origin}/api/echo`, { headers: { 'X-App': String(i) } }))
    const accessTokens = Array.from({ length: 5 }, () => m.getAccessToken())
    release()

    const answers = await Promise.all(fetches.map(async (response) => answerOf(await response)))
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    const bearer = `Bearer ${server.lastIssued!.accessToken}`
    expect(answers).toStrictEqual(
      Array.from({ length: 20 }, (_, i) => ({
        status: 200,
        body: { sub: 'user-1', method: 'GET', authorization: bearer, xApp: String(i), contentType: null, body: '' },
        wwwAuthenticate: null,
      })),
    )
    expect(await Promise.all(accessTokens)).toStrictEqual(Array(5).fill(server.lastIssued!.accessToken))
    expect(server.apiRequests).toHaveLength(20)
  })

  test('a buffer longer than the token lives: refreshed halfway through its life, not in a loop', async () => {
    server.accessTtlSeconds = 60
    const tokens = server.signIn()
    const callbacks = new Callbacks()
    const refreshed = callbacks.nextRefresh()
    // Due at once (60 s left, 300 s buffer); the new token too, were the buffer alone the rule.
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, ...callbacks.options })
    const fresh = await refreshed
    expect(await manager.getAccessToken()).toBe(fresh.accessToken)
    expect(await manager.getAccessToken()).toBe(fresh.accessToken)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  })
})
