import { createTokenManager, parseRefreshResponse, TokenRefreshError, type RefreshFunction, type TokenManager } from '../../src/client'
import { Callbacks } from './support/callbacks'
import { RefreshServer } from './support/refresh-server'
import { errorFields, expiredTokens } from './support/tokens'

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

describe("refresh: the app's own call instead of refreshUrl", () => {
  test('the refresh token kept out of the manager (as an HttpOnly cookie is): the tokens returned are used', async () => {
    const { refreshToken: first, ...visible } = expiredTokens(server)
    let kept = first // where the browser would keep it
    const given: (string | undefined)[] = []
    const refresh: RefreshFunction = async ({ refreshToken, signal }) => {
      given.push(refreshToken)
      const response = await fetch(server.refreshUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: kept }),
        signal,
      })
      const { refreshToken: next, ...rest } = await parseRefreshResponse(response)
      kept = next!
      return rest
    }
    const callbacks = new Callbacks()
    manager = createTokenManager({ refresh, tokens: visible, ...callbacks.options })

    expect(await manager.getAccessToken()).toBe(server.lastIssued!.accessToken)
    const { refreshToken: next, ...answered } = server.lastIssued!
    expect(kept).toBe(next)
    expect(given).toStrictEqual([undefined])
    expect(callbacks.refreshed).toStrictEqual([answered])
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  })

  test('a refresh function that throws is tried again; its TokenRefreshError invalid_grant is final', async () => {
    let calls = 0
    const signedOut = new TokenRefreshError('invalid_grant', 'signed out elsewhere')
    const refresh: RefreshFunction = async () => {
      calls++
      if (calls < 3) throw new Error('offline')
      throw signedOut
    }
    const callbacks = new Callbacks()
    manager = createTokenManager({ refresh, tokens: expiredTokens(server), retry: { baseDelayMs: 5 }, ...callbacks.options })
    await expect(manager.getAccessToken()).rejects.toBe(signedOut)
    await expect(manager.getAccessToken()).rejects.toBe(signedOut)
    expect(calls).toBe(3)
    expect(callbacks.errors).toStrictEqual([signedOut])
  })

  test('every attempt thrown: refresh_failed with the last error as cause', async () => {
    const offline = new Error('offline')
    const refresh: RefreshFunction = async () => {
      throw offline
    }
    manager = createTokenManager({ refresh, tokens: expiredTokens(server), retry: { attempts: 2, baseDelayMs: 5 } })
    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    expect(errorFields(error)).toStrictEqual({
      name: 'TokenRefreshError',
      message: 'jwt-hooks: the refresh function threw',
      code: 'refresh_failed',
      status: undefined,
      retryable: true,
      cause: 'Error',
    })
    expect((error as Error).cause).toBe(offline)
  })

  test('what it returns is checked: not TOKENS is invalid_response, not an undefined token', async () => {
    let calls = 0
    const refresh = (async () => {
      calls++
      return { accessToken: 'a.b.c', expiresAt: 1893456000 }
    }) as RefreshFunction
    manager = createTokenManager({ refresh, tokens: expiredTokens(server), retry: { baseDelayMs: 5 } })
    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    expect(errorFields(error)).toStrictEqual({
      name: 'TokenRefreshError',
      message:
        'jwt-hooks: the refresh answer is not TOKENS: "expiresAt" must be an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch (1893456000 looks like seconds)',
      code: 'invalid_response',
      status: undefined,
      retryable: false,
      cause: undefined,
    })
    expect(calls).toBe(1)
  })

  test('one that never settles and ignores its signal still times out; the signal it got is aborted', async () => {
    const signals: AbortSignal[] = []
    const refresh: RefreshFunction = ({ signal }) => {
      signals.push(signal)
      return new Promise(() => {})
    }
    manager = createTokenManager({ refresh, tokens: expiredTokens(server), timeoutMs: 20, retry: { attempts: 1 } })
    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    expect(errorFields(error)).toStrictEqual({
      name: 'TokenRefreshError',
      message: 'jwt-hooks: the refresh got no answer within 20 ms',
      code: 'refresh_failed',
      status: undefined,
      retryable: true,
      cause: undefined,
    })
    expect(signals).toHaveLength(1)
    expect(signals[0].aborted).toBe(true)
    expect(signals[0].reason).toBe(error)
  })
})
