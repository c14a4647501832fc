import { createTokenManager, TokenRefreshError, type FetchFunction, type TokenManager } from '../../src/client'
import { Callbacks } from './support/callbacks'
import { RefreshServer } from './support/refresh-server'
import { errorFields, expiredTokens } from './support/tokens'

let server: RefreshServer
let manager: TokenManager | undefined
let release: (() => void) | undefined

beforeEach(async () => {
  server = await new RefreshServer().start()
})
afterEach(async () => {
  manager?.stop()
  manager = undefined
  release?.()
  release = undefined
  await server.close()
})

/** The real fetch, counted: how many refresh requests the manager sent, answered or not. */
function countedFetch(onFailure: (failures: number) => Promise<void> = async () => {}): { fetch: FetchFunction; sent: number; failures: Error[] } {
  const counted = {
    sent: 0,
    failures: [] as Error[],
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      counted.sent++
      try {
        return await fetch(input, init)
      } catch (error) {
        counted.failures.push(error as Error)
        await onFailure(counted.failures.length)
        throw error
      }
    },
  }
  return counted
}

const REFUSED = { name: 'TokenRefreshError', message: 'jwt-hooks: the refresh request got no answer', code: 'refresh_failed', status: undefined, retryable: true, cause: 'TypeError' }

describe('a network failure of the refresh: retried with backoff', () => {
  test('the server down, then back: the refresh goes through on a later attempt', async () => {
    const tokens = expiredTokens(server)
    await server.close()
    const counted = countedFetch(async (failures) => {
      if (failures === 1) await server.reopen()
    })
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, fetch: counted.fetch, retry: { baseDelayMs: 5 }, ...callbacks.options })

    expect(await manager.getAccessToken()).toBe(server.lastIssued!.accessToken)
    expect(counted.failures.map((error) => [error.name, (error.cause as { code?: string }).code])).toStrictEqual([['TypeError', 'ECONNREFUSED']])
    expect(counted.sent).toBe(2)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(callbacks.refreshed).toStrictEqual([server.lastIssued])
    expect(callbacks.errors).toStrictEqual([])
  })

  test('every attempt spent: refresh_failed, onRefreshError once; not final: with the server back, the next call succeeds', async () => {
    const tokens = expiredTokens(server)
    await server.close()
    const counted = countedFetch()
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, fetch: counted.fetch, retry: { attempts: 3, baseDelayMs: 5 }, ...callbacks.options })

    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    expect(error).toBeInstanceOf(TokenRefreshError)
    expect(errorFields(error)).toStrictEqual(REFUSED)
    expect(counted.sent).toBe(3)
    expect(callbacks.errors).toStrictEqual([error])

    await server.reopen()
    expect(await manager.getAccessToken()).toBe(server.lastIssued!.accessToken)
    expect(counted.sent).toBe(4)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  })

  test('a failure that may pass, while the token still works: that token is returned, and onRefreshError is told', async () => {
    const tokens = server.signIn()
    await server.close()
    const callbacks = new Callbacks()
    // A minute before expiry: inside the default buffer of 5 minutes.
    const now = (): number => Date.parse(tokens.expiresAt as string) - 60_000
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, now, retry: { attempts: 2, baseDelayMs: 5 }, ...callbacks.options })
    expect(await manager.getAccessToken()).toBe(tokens.accessToken)
    expect(callbacks.errors.map(errorFields)).toStrictEqual([REFUSED])
  })

  test('a refresh that does not answer is aborted after timeoutMs, and counts as a failed attempt', async () => {
    const tokens = expiredTokens(server)
    release = server.holdRefreshes()
    const counted = countedFetch()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, fetch: counted.fetch, timeoutMs: 50, retry: { attempts: 2, baseDelayMs: 5 } })
    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    expect(errorFields(error)).toStrictEqual({
      name: 'TokenRefreshError',
      message: 'jwt-hooks: the refresh got no answer within 50 ms',
      code: 'refresh_failed',
      status: undefined,
      retryable: true,
      cause: undefined,
    })
    expect(counted.sent).toBe(2)
    expect(counted.failures.map((failure) => failure.name)).toStrictEqual(['TokenRefreshError', 'TokenRefreshError'])
  })
})

describe("the refresh endpoint's other answers", () => {
  test.each([
    { status: 503, contentType: 'text/plain', body: '', sent: 3, retryable: true, why: 'a store fault, the token not spent' },
    { status: 500, contentType: 'text/plain', body: '', sent: 3, retryable: true, why: 'a crash' },
    { status: 429, contentType: 'application/json', body: '{"code":"too_many_requests"}', sent: 3, retryable: true, why: 'rate-limited' },
    {
      status: 403,
      contentType: 'application/json',
      body: '{"code":"invalid_csrf_token","description":"CSRF token missing or incorrect."}',
      sent: 1,
      retryable: false,
      why: 'a CSRF refusal',
    },
    {
      status: 400,
      contentType: 'application/json',
      body: '{"code":"invalid_request","description":"The request body is invalid.","errors":[]}',
      sent: 1,
      retryable: false,
      why: 'invalid_request, not invalid_grant',
    },
    { status: 404, contentType: 'text/html', body: 'Not Found', sent: 1, retryable: false, why: 'a wrong URL' },
  ])('$status ($why): sent $sent times, retryable: $retryable; not final', async ({ status, contentType, body, sent, retryable }) => {
    const tokens = expiredTokens(server)
    server.cannedAnswer = { status, contentType, body }
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, retry: { attempts: 3, baseDelayMs: 5 }, ...callbacks.options })
    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    const expected = { name: 'TokenRefreshError', message: `jwt-hooks: the refresh endpoint answered ${status}`, code: 'refresh_failed', status, retryable, cause: undefined }
    expect(errorFields(error)).toStrictEqual(expected)
    expect(server.counts.refresh).toBe(sent)
    expect(callbacks.errors).toStrictEqual([error])

    server.cannedAnswer = undefined
    expect(await manager.getAccessToken()).toBe(server.lastIssued!.accessToken)
  })

  test.each([
    ['an HTML page (a captive portal)', 'text/html', '<html>Sign in to the Wi-Fi</html>', 'the body must be an object { accessToken, refreshToken, expiresAt }'],
    ['JSON without accessToken', 'application/json', '{"token":"a.b.c","expiresAt":"2030-01-01T00:00:00Z"}', '"accessToken" must be a non-empty string'],
    ['JSON without refreshToken', 'application/json', '{"accessToken":"a.b.c","expiresAt":"2030-01-01T00:00:00Z"}', '"refreshToken" must be a non-empty string'],
    [
      'expiresAt in seconds',
      'application/json',
      '{"accessToken":"a.b.c","refreshToken":"r","expiresAt":1893456000}',
      '"expiresAt" must be an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch (1893456000 looks like seconds)',
    ],
  ])('200 with %s: invalid_response, sent once, no token handed out', async (_, contentType, body, must) => {
    const tokens = expiredTokens(server)
    server.cannedAnswer = { status: 200, contentType, body }
    const callbacks = new Callbacks()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens, retry: { baseDelayMs: 5 }, ...callbacks.options })
    const error = await manager.getAccessToken().then(() => undefined, (failure: unknown) => failure)
    expect(errorFields(error)).toStrictEqual({
      name: 'TokenRefreshError',
      message: `jwt-hooks: the refresh answer is not TOKENS: ${must}`,
      code: 'invalid_response',
      status: 200,
      retryable: false,
      cause: undefined,
    })
    expect(server.counts.refresh).toBe(1)
    expect(callbacks.errors).toStrictEqual([error])
    expect(callbacks.refreshed).toStrictEqual([])
  })
})
