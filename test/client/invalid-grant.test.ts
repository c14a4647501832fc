import { createTokenManager, TokenRefreshError, type TokenManager } from '../../src/client'
import { EXPIRED, REVOKED } from '../support/answers'
import { answerOf, Callbacks } from './support/callbacks'
import { RefreshServer } from './support/refresh-server'
import { errorFields, expiredOnTheServer, expiredTokens, spendRefreshToken } from './support/tokens'

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

const INVALID_GRANT = {
  name: 'TokenRefreshError',
  message: 'jwt-hooks: the refresh token is invalid, expired or revoked: sign in again',
  code: 'invalid_grant',
  status: 400,
  retryable: false,
  cause: undefined,
}

describe('invalid_grant is final: onRefreshError once, no refresh request ever again', () => {
  test('a spent refresh token (reuse): every later call rejects with the same error, sent nowhere', async () => {
    const tokens = expiredTokens(server)
    await spendRefreshToken(server, tokens)
    const callbacks = new Callbacks()
    const failed = callbacks.nextError()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, ...callbacks.options })

    const error = await failed
    expect(error).toBeInstanceOf(TokenRefreshError)
    expect(errorFields(error)).toStrictEqual(INVALID_GRANT)
    await expect(manager.getAccessToken()).rejects.toBe(error)
    await expect(manager.getAccessToken()).rejects.toBe(error)
    await expect(manager.fetch(`${server.origin}/api/echo`)).rejects.toBe(error)
    expect(callbacks.errors).toStrictEqual([error])
    expect(callbacks.refreshed).toStrictEqual([])
    // One refresh by the other tab, one by the manager: reuse, so the server revoked the session.
    expect(server.counts).toStrictEqual({ refresh: 2, refreshed: 1, invalidGrant: 1 })
    expect(server.apiRequests).toStrictEqual([])
    const otherTab = await fetch(`${server.origin}/api/echo`, { headers: { Authorization: `Bearer ${server.lastIssued!.accessToken}` } })
    expect(await answerOf(otherTab)).toStrictEqual(REVOKED)
  })

  test('met after a 401: the 401 comes back as it came, then every call rejects', async () => {
    const tokens = expiredOnTheServer(server)
    await spendRefreshToken(server, tokens)
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, ...callbacks.options })

    expect(await answerOf(await manager.fetch(`${server.origin}/api/echo`))).toStrictEqual(EXPIRED)
    expect(callbacks.errors.map(errorFields)).toStrictEqual([INVALID_GRANT])
    await expect(manager.fetch(`${server.origin}/api/echo`)).rejects.toBe(callbacks.errors[0])
    await expect(manager.getAccessToken()).rejects.toBe(callbacks.errors[0])
    expect(server.counts).toStrictEqual({ refresh: 2, refreshed: 1, invalidGrant: 1 })
    expect(server.apiRequests).toHaveLength(1)
  })

  test('20 callers waiting on the refresh that meets it: all reject with that one error, told once', async () => {
    const tokens = expiredTokens(server)
    await spendRefreshToken(server, tokens)
    const release = server.holdRefreshes()
    const arrived = server.nextRefresh()
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, ...callbacks.options })
    await arrived
    const m = manager
    const outcomes = Array.from({ length: 20 }, () => m.getAccessToken().then(() => undefined, (error: unknown) => error))
    release()
    const errors = await Promise.all(outcomes)
    expect(callbacks.errors).toHaveLength(1)
    expect(errors).toStrictEqual(Array(20).fill(callbacks.errors[0]))
    expect(errors.every((error) => error === callbacks.errors[0])).toBe(true)
    expect(server.counts).toStrictEqual({ refresh: 2, refreshed: 1, invalidGrant: 1 })
  })
})
