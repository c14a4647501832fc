import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { Page } from 'playwright-core'

import { launchChromium, type TestBrowser } from '../support/browser'
import { compileClient, type CompiledClient } from './support/compile-client'
import { RefreshServer } from './support/refresh-server'
import { modulePage, serveClient } from './support/serve-client'

// The browser examples of the README's client section, as written there; a page defines what
// they leave to the app (`password`, `showSignInForm`) and shows what they got on `window`.
const BEARER_EXAMPLE = `
import { createTokenManager } from 'jwt-hooks/client'

async function signIn(email, password) {
  const response = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(\`sign-in refused (\${response.status})\`)
  return response.json() // TOKENS: { accessToken, refreshToken, expiresAt, token }
}

const manager = createTokenManager({
  refreshUrl: '/auth/refresh',
  tokens: await signIn('demo@example.com', password),
  onRefreshError: (error) => {
    if (error.code === 'invalid_grant') showSignInForm() // the session is over (signed out, expired, reused)
  },
})

const me = await (await manager.fetch('/api/me')).json()
`

const COOKIE_EXAMPLE = `
import { createTokenManager, parseRefreshResponse } from 'jwt-hooks/client'

// The refresh token stays in its HttpOnly cookie; the CSRF token is the cookie a script may read.
const csrfToken = () => decodeURIComponent(document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/)?.[1] ?? '')
const refresh = async ({ signal } = {}) =>
  parseRefreshResponse(await fetch('/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrfToken() },
    signal,
  }))

// A page just loaded holds no token: one refresh gives the tokens (and a fresh auth cookie).
const manager = createTokenManager({
  tokens: await refresh(),
  refresh,
  onRefreshError: (error) => {
    if (error.code === 'invalid_grant') location.assign('/sign-in')
  },
})

const me = await (await manager.fetch('/api/me', { credentials: 'same-origin' })).json()
`

const SHOW = 'window.manager = manager; window.me = me'

test('the README shows these browser examples as written here', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8')
  expect({ bearer: readme.includes(BEARER_EXAMPLE.trim()), cookie: readme.includes(COOKIE_EXAMPLE.trim()) }).toStrictEqual({ bearer: true, cookie: true })
})

describe('the README browser examples of jwt-hooks/client, in Chromium', () => {
  let compiled: CompiledClient
  let chromium: TestBrowser
  let server: RefreshServer
  let page: Page
  const errors: string[] = []

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
    serveClient(server, compiled.outDir)
    page = await chromium.context.newPage()
    page.on('pageerror', (error) => errors.push(error.message))
  })
  afterEach(async () => {
    await page.evaluate('window.manager?.stop()')
    await page.close()
    await chromium.context.clearCookies()
    await server.close()
    expect(errors.splice(0)).toStrictEqual([])
  })

  test('bearer mode: signed in, the API called with the access token', async () => {
    server.files.set('/', modulePage(`const password = 'the password'; window.showSignInForm = () => {}\n${BEARER_EXAMPLE}\n${SHOW}`))
    await page.goto(`${server.origin}/`)
    await page.waitForFunction('window.me !== undefined')
    const tokens = server.lastIssued!
    expect(await page.evaluate('window.me')).toStrictEqual({
      sub: 'demo@example.com',
      method: 'GET',
      authorization: `Bearer ${tokens.accessToken}`,
      xApp: null,
      contentType: null,
      body: '',
    })
    expect(server.counts.refresh).toBe(0)
  })

  test('cookie mode: the refresh cookie, its CSRF token, a fresh auth cookie; a 401 refreshed through `refresh`', async () => {
    server.cookieMode = true
    server.accessTtlSeconds = -60
    const { cookies } = server.signInWithCookies()
    server.accessTtlSeconds = 3600
    await chromium.context.addCookies(cookies.map((cookie) => ({ ...cookie, domain: '127.0.0.1', sameSite: 'Lax' as const })))
    server.files.set('/', modulePage(`${COOKIE_EXAMPLE}\n${SHOW}`))
    await page.goto(`${server.origin}/`)
    await page.waitForFunction('window.me !== undefined')

    const first = server.lastIssued!
    // The auth cookie was expired: /api/me, which reads it, answered with the one the refresh set.
    expect(await page.evaluate('window.me')).toStrictEqual({
      sub: 'user-1',
      method: 'GET',
      authorization: `Bearer ${first.accessToken}`,
      xApp: null,
      contentType: null,
      body: '',
    })
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    // Only the CSRF cookie is readable by the page: the tokens' cookies are HttpOnly.
    expect(await page.evaluate('document.cookie')).toBe(`XSRF-TOKEN=${cookies[2].value}`)

    // A 401 (from a service that refuses the token): the manager refreshes through `refresh`,
    // with the rotated refresh cookie the browser now holds.
    const refused = await page.evaluate("window.manager.fetch('/api/other-service').then((response) => response.status)")
    expect(refused).toBe(401)
    expect(server.counts).toStrictEqual({ refresh: 2, refreshed: 2, invalidGrant: 0 })
    expect(server.lastIssued!.refreshToken).not.toBe(first.refreshToken)
    expect(await page.evaluate('window.manager.getAccessToken()')).toBe(server.lastIssued!.accessToken)
  })

  test('cookie mode: a refresh without the CSRF token is refused (403), not retried', async () => {
    server.cookieMode = true
    const { cookies } = server.signInWithCookies()
    await chromium.context.addCookies(cookies.map((cookie) => ({ ...cookie, domain: '127.0.0.1', sameSite: 'Lax' as const })))
    server.files.set('/', modulePage(''))
    await page.goto(`${server.origin}/`)
    const refused = await page.evaluate(`import('/client/index.js').then(({ parseRefreshResponse }) =>
      fetch('/auth/refresh', { method: 'POST', credentials: 'same-origin' }).then(parseRefreshResponse).then(
        () => 'resolved',
        (error) => [error.name, error.code, error.status, error.retryable],
      ))`)
    expect(refused).toStrictEqual(['TokenRefreshError', 'refresh_failed', 403, false])
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 0, invalidGrant: 0 })
  })
})
