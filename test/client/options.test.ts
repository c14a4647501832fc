import { createTokenManager, type TokenManagerOptions } from '../../src/client'
import { RefreshServer } from './support/refresh-server'
import { expiredTokens } from './support/tokens'

const TOKENS = { accessToken: 'a.b.c', refreshToken: 'r1', expiresAt: '2030-01-01T00:00:00.000Z', token: 'a.b.c' }
const URL_ = 'http://127.0.0.1:1/auth/refresh'
const EXPIRES_AT = 'an ISO 8601 date-time with a time zone or a number of milliseconds since the epoch'

describe('createTokenManager: every wrong option is a TypeError naming it, at once', () => {
  test.each<[string, unknown, string]>([
    ['no options', undefined, 'createTokenManager takes an options object'],
    ['neither refreshUrl nor refresh', { tokens: TOKENS }, 'exactly one of "refreshUrl" and "refresh" is required'],
    ['both', { tokens: TOKENS, refreshUrl: URL_, refresh: async () => TOKENS }, 'exactly one of "refreshUrl" and "refresh" is required'],
    ['an empty refreshUrl', { tokens: TOKENS, refreshUrl: '' }, '"refreshUrl" must be a non-empty string or a URL'],
    ['a refreshUrl not a string', { tokens: TOKENS, refreshUrl: 42 }, '"refreshUrl" must be a non-empty string or a URL'],
    ['a relative refreshUrl outside a page', { tokens: TOKENS, refreshUrl: '/auth/refresh' }, '"refreshUrl" must be an absolute URL (there is no page to resolve it against)'],
    ['a refresh not a function', { tokens: TOKENS, refresh: 'POST /auth/refresh' }, '"refresh" must be a function returning a promise of the tokens'],
    ['no tokens', { refreshUrl: URL_ }, '"tokens" must be an object { accessToken, refreshToken, expiresAt }'],
    ['tokens as a string', { refreshUrl: URL_, tokens: 'a.b.c' }, '"tokens" must be an object { accessToken, refreshToken, expiresAt }'],
    ['no accessToken', { refreshUrl: URL_, tokens: { ...TOKENS, accessToken: undefined } }, '"tokens.accessToken" must be a non-empty string'],
    ['an accessToken with a space', { refreshUrl: URL_, tokens: { ...TOKENS, accessToken: 'secret part' } }, '"tokens.accessToken" must be a non-empty string'],
    ['no refreshToken for refreshUrl', { refreshUrl: URL_, tokens: { ...TOKENS, refreshToken: undefined } }, '"tokens.refreshToken" must be a non-empty string'],
    ['a refreshToken not a string', { refresh: async () => TOKENS, tokens: { ...TOKENS, refreshToken: 7 } }, '"tokens.refreshToken" must be a non-empty string'],
    ['no expiresAt', { refreshUrl: URL_, tokens: { ...TOKENS, expiresAt: undefined } }, `"tokens.expiresAt" must be ${EXPIRES_AT}`],
    ['expiresAt without a time zone', { refreshUrl: URL_, tokens: { ...TOKENS, expiresAt: '2030-01-01T00:00:00' } }, `"tokens.expiresAt" must be ${EXPIRES_AT}`],
    ['expiresAt in seconds', { refreshUrl: URL_, tokens: { ...TOKENS, expiresAt: 1893456000 } }, `"tokens.expiresAt" must be ${EXPIRES_AT} (1893456000 looks like seconds)`],
    ['a negative refreshBufferMs', { refreshUrl: URL_, tokens: TOKENS, refreshBufferMs: -1 }, '"refreshBufferMs" must be a number of milliseconds >= 0'],
    ['refreshBufferMs as a string', { refreshUrl: URL_, tokens: TOKENS, refreshBufferMs: '300000' }, '"refreshBufferMs" must be a number of milliseconds >= 0'],
    ['refreshBufferMs NaN', { refreshUrl: URL_, tokens: TOKENS, refreshBufferMs: NaN }, '"refreshBufferMs" must be a number of milliseconds >= 0'],
    ['onTokenRefresh not a function', { refreshUrl: URL_, tokens: TOKENS, onTokenRefresh: true }, '"onTokenRefresh" must be a function'],
    ['onRefreshError not a function', { refreshUrl: URL_, tokens: TOKENS, onRefreshError: 'log' }, '"onRefreshError" must be a function'],
    ['now not a function', { refreshUrl: URL_, tokens: TOKENS, now: 1893456000000 }, '"now" must be a function'],
    ['fetch not a function', { refreshUrl: URL_, tokens: TOKENS, fetch: {} }, '"fetch" must be a function'],
    ['timeoutMs 0', { refreshUrl: URL_, tokens: TOKENS, timeoutMs: 0 }, '"timeoutMs" must be a number of milliseconds > 0'],
    ['timeoutMs Infinity', { refreshUrl: URL_, tokens: TOKENS, timeoutMs: Infinity }, '"timeoutMs" must be a number of milliseconds > 0'],
    ['retry null', { refreshUrl: URL_, tokens: TOKENS, retry: null }, '"retry" must be an object { attempts, baseDelayMs, maxDelayMs }'],
    ['retry.attempts 0', { refreshUrl: URL_, tokens: TOKENS, retry: { attempts: 0 } }, '"retry.attempts" must be a whole number >= 1'],
    ['retry.attempts 2.5', { refreshUrl: URL_, tokens: TOKENS, retry: { attempts: 2.5 } }, '"retry.attempts" must be a whole number >= 1'],
    ['retry.baseDelayMs negative', { refreshUrl: URL_, tokens: TOKENS, retry: { baseDelayMs: -5 } }, '"retry.baseDelayMs" must be a number of milliseconds >= 0'],
    ['retry.maxDelayMs Infinity', { refreshUrl: URL_, tokens: TOKENS, retry: { maxDelayMs: Infinity } }, '"retry.maxDelayMs" must be a number of milliseconds >= 0'],
    ['a misspelt retry option', { refreshUrl: URL_, tokens: TOKENS, retry: { jitter: true } }, 'unknown option "retry.jitter"'],
    ['a misspelt option', { refreshUrl: URL_, tokens: TOKENS, refreshBuffer: 60_000 }, 'unknown option "refreshBuffer"'],
  ])('%s', (_, options, message) => {
    expect(() => createTokenManager(options as TokenManagerOptions)).toThrow(new TypeError(`jwt-hooks: ${message}`))
  })

  test('a runtime with no global fetch, and none given', () => {
    const { fetch } = globalThis
    try {
      delete (globalThis as { fetch?: unknown }).fetch
      expect(() => createTokenManager({ refreshUrl: URL_, tokens: TOKENS })).toThrow(
        new TypeError('jwt-hooks: "fetch" must be a function: this runtime has no global fetch'),
      )
    } finally {
      globalThis.fetch = fetch
    }
  })

  test('a wrong option starts nothing: no refresh is sent for tokens that are due', async () => {
    const server = await new RefreshServer().start()
    try {
      const tokens = expiredTokens(server)
      expect(() => createTokenManager({ refreshUrl: server.refreshUrl, tokens, retry: { attempts: 0 } })).toThrow(TypeError)
      // The request a timer would have sent at once would be here by the next answer of the server.
      await fetch(`${server.origin}/api/echo`)
      expect(server.counts.refresh).toBe(0)
    } finally {
      await server.close()
    }
  })
})
