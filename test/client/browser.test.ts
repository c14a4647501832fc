import { launchChromium, type TestBrowser } from '../support/browser'
import { compileClient, type CompiledClient } from './support/compile-client'
import { RefreshServer } from './support/refresh-server'
import { serveClient } from './support/serve-client'
import { expiredOnTheServer } from './support/tokens'

// The client as a page loads it: compiled to ES modules with lib DOM and no @types/node, served
// by the refresh server itself, so the page calls `/auth/refresh` relative to its own origin.
describe('jwt-hooks/client in Chromium', () => {
  let compiled: CompiledClient
  let chromium: TestBrowser
  let server: RefreshServer

  beforeAll(async () => {
    compiled = await compileClient('es2020')
    if (compiled.diagnostics.length > 0) throw new Error(compiled.diagnostics.join('\n'))
    chromium = await launchChromium()
  }, 90_000)
  afterAll(async () => {
    await chromium?.close()
    compiled?.remove()
  })
  beforeEach(async () => {
    server = await new RefreshServer().start()
    server.files.set('/', { status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>client</title>' })
    serveClient(server, compiled.outDir)
  })
  afterEach(() => server.close())

  test("a relative refreshUrl, the page's own fetch: a 401 refreshed and sent again, onTokenRefresh told", async () => {
    const tokens = expiredOnTheServer(server)
    const page = await chromium.context.newPage()
    await page.goto(`${server.origin}/`)
    const result = await page.evaluate(`(async () => {
      const { createTokenManager } = await import('/client/index.js')
      const refreshed = []
      const manager = createTokenManager({ refreshUrl: '/auth/refresh', tokens: ${JSON.stringify(tokens)}, onTokenRefresh: (t) => refreshed.push(t) })
      const response = await manager.fetch('/api/echo', { method: 'POST', body: 'from the page', headers: { 'X-App': 'page' } })
      const answer = { status: response.status, body: await response.json() }
      const accessToken = await manager.getAccessToken()
      manager.stop()
      const stopped = await manager.getAccessToken().then(() => 'resolved', (error) => [error.name, error.code])
      return { answer, refreshed, accessToken, stopped }
    })()`)
    await page.close()

    const fresh = server.lastIssued!
    expect(result).toStrictEqual({
      answer: {
        status: 200,
        body: { sub: 'user-1', method: 'POST', authorization: `Bearer ${fresh.accessToken}`, xApp: 'page', contentType: 'text/plain;charset=UTF-8', body: 'from the page' },
      },
      refreshed: [fresh],
      accessToken: fresh.accessToken,
      stopped: ['TokenRefreshError', 'stopped'],
    })
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(server.apiRequests.map((request) => request.authorization)).toStrictEqual([`Bearer ${tokens.accessToken}`, `Bearer ${fresh.accessToken}`])
  })

  test('the refresh timer runs in the page: refreshed before expiry with no call made', async () => {
    const tokens = server.signIn()
    const page = await chromium.context.newPage()
    await page.goto(`${server.origin}/`)
    const refreshed = await page.evaluate(`(async () => {
      const { createTokenManager } = await import('/client/index.js')
      const refreshBufferMs = Date.parse(${JSON.stringify(tokens.expiresAt)}) - Date.now() - 20
      return new Promise((resolve) => {
        const manager = createTokenManager({ refreshUrl: '/auth/refresh', tokens: ${JSON.stringify(tokens)}, refreshBufferMs, onTokenRefresh: (t) => { manager.stop(); resolve(t) } })
      })
    })()`)
    await page.close()
    expect(refreshed).toStrictEqual(server.lastIssued)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
  })
})
