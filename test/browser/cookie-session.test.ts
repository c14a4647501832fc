import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { decode } from 'jsonwebtoken'

import { ANN, BOB } from '../login/support/login-server'
import { open, reload, settled, signedIn, signIn, SIGNED_OUT, view } from './support/page'
import { useBrowserDemo } from './support/use-browser-demo'

const browser = useBrowserDemo()
let problems: string[]

beforeEach(() => {
  problems = []
  // A blocked script or style (the Content-Security-Policy) or a script error shows here. Chromium
  // also logs each answer of 400 and above; those are asserted as the server saw them (browser.demo.seen).
  browser.page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of')) {
      problems.push(message.text())
    }
  })
  browser.page.on('pageerror', (error) => problems.push(error.message))
})

// Chromium moves a cookie's Expires by how far its clock is from the server's Date header (whole
// seconds), so the expiry it keeps is the token's exp plus a fraction of a second: whole seconds here.
const cookie = async (name: string) => {
  const found = (await browser.context.cookies()).find((each) => each.name === name)
  return found && { ...found, expires: Math.floor(found.expires) }
}

describe('the demo page in Chromium, cookie mode', () => {
  test('signed out at first: the form, no error, no blocked script or style, the stylesheet applied', async () => {
    expect(await open(browser.page, browser.demo.url)).toStrictEqual(SIGNED_OUT)
    expect(await browser.page.evaluate("getComputedStyle(document.body).fontFamily.startsWith('system-ui')")).toBe(true)
    expect(problems).toStrictEqual([])
  })

  test('sign in with the form: #me holds the email; a reload keeps the session (the cookie, not the page, holds it)', async () => {
    await open(browser.page, browser.demo.url)
    expect(await signIn(browser.page, ANN)).toStrictEqual(signedIn(ANN.email))
    expect(await reload(browser.page)).toStrictEqual(signedIn(ANN.email))
    const me = browser.demo.seen.filter((seen) => seen.path === '/api/me')
    expect(me.map(({ status, cookies }) => ({ status, cookies }))).toStrictEqual([
      { status: 400, cookies: [] },
      { status: 200, cookies: ['XSRF-TOKEN', 'auth'] },
      { status: 200, cookies: ['XSRF-TOKEN', 'auth'] },
    ])
    expect(problems).toStrictEqual([])
  })

  test('the cookies as the browser keeps them: auth HttpOnly, SameSite=Lax, Path=/, not Secure over http, ending with the token; XSRF-TOKEN readable, same SameSite and path, ending with the session', async () => {
    await open(browser.page, browser.demo.url)
    await signIn(browser.page, ANN)
    const auth = await cookie('auth')
    const { sub, exp } = decode(auth!.value) as { sub: string; exp: number }
    expect(sub).toBe('1')
    const common = { domain: '127.0.0.1', path: '/', secure: false, sameSite: 'Lax' }
    // The session (7 days by default) outlives the access token (1 hour), and the CSRF token lives as long as the session.
    expect([auth, await cookie('XSRF-TOKEN')]).toStrictEqual([
      { name: 'auth', value: auth!.value, ...common, expires: exp, httpOnly: true },
      { name: 'XSRF-TOKEN', value: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/), ...common, expires: exp + 7 * 24 * 3600 - 3600, httpOnly: false },
    ])
  })

  test('document.cookie never holds a token: only XSRF-TOKEN, which is no JWT', async () => {
    await open(browser.page, browser.demo.url)
    await signIn(browser.page, ANN)
    const visible = await browser.page.evaluate<string>('document.cookie')
    expect(visible).toMatch(/^XSRF-TOKEN=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(decode(visible.slice('XSRF-TOKEN='.length))).toBeNull()
    expect(visible).not.toContain((await cookie('auth'))!.value)
  })

  test('a second browser context has no session: signed out, no cookies', async () => {
    await open(browser.page, browser.demo.url)
    await signIn(browser.page, ANN)
    const other = await browser.chromium.browser.newContext()
    try {
      expect(await open(await other.newPage(), browser.demo.url)).toStrictEqual(SIGNED_OUT)
      expect(await other.cookies()).toStrictEqual([])
    } finally {
      await other.close()
    }
  })

  test('errors in words: a wrong password, then too many attempts with the wait, then the network down', async () => {
    await open(browser.page, browser.demo.url)
    const wrong = { email: BOB.email, password: 'not the password' }
    expect(await signIn(browser.page, wrong)).toStrictEqual({ ...SIGNED_OUT, error: 'Wrong email or password.' })
    for (let i = 0; i < 4; i++) await signIn(browser.page, wrong)
    const refused = browser.page.waitForResponse((response) => response.url().endsWith('/auth/login'))
    const shown = await signIn(browser.page, wrong)
    const answer = await refused
    expect([answer.status(), answer.headers()['retry-after']]).toStrictEqual([429, '60'])
    expect(shown).toStrictEqual({ ...SIGNED_OUT, error: 'Too many failed attempts. Try again in 1 minute.' })
    await browser.context.setOffline(true)
    expect(await signIn(browser.page, BOB)).toStrictEqual({ ...SIGNED_OUT, error: 'Cannot reach the server. Check your connection and try again.' })
  })

  test('it works on a phone-sized window (375 px): nothing wider than the screen', async () => {
    await browser.page.setViewportSize({ width: 375, height: 667 })
    await open(browser.page, browser.demo.url)
    expect(await browser.page.evaluate('document.documentElement.scrollWidth')).toBe(375)
    await signIn(browser.page, ANN)
    expect(await browser.page.evaluate('document.documentElement.scrollWidth')).toBe(375)
  })

  test('screenshots, signed out and signed in (JWT_HOOKS_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-shots-'))
    try {
      await browser.page.setViewportSize({ width: 375, height: 667 })
      await open(browser.page, browser.demo.url)
      await browser.page.fill('input[name=email]', 'demo@example.com')
      await browser.page.screenshot({ path: join(dir, 'page-signed-out.png') })
      await browser.page.fill('input[name=email]', '')
      await signIn(browser.page, ANN)
      await browser.page.screenshot({ path: join(dir, 'page-signed-in.png') })
      for (const name of ['page-signed-out.png', 'page-signed-in.png']) {
        const png = readFileSync(join(dir, name))
        // PNG signature, then the IHDR width and height: the phone-sized window, at device scale 1.
        expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toStrictEqual(['PNG', 375, 667])
      }
      if (process.env.JWT_HOOKS_UPDATE_SCREENSHOTS === '1') {
        const docs = join(__dirname, '../../docs/screenshots')
        mkdirSync(docs, { recursive: true })
        for (const name of ['page-signed-out.png', 'page-signed-in.png']) copyFileSync(join(dir, name), join(docs, name))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the demo page in Chromium with the session routes (POST /auth/refresh, /auth/logout)', () => {
  test('the sign-in also sets the refresh cookie: HttpOnly, on /auth only, ending with the session', async () => {
    await open(browser.page, browser.demo.url)
    await signIn(browser.page, ANN)
    const refresh = await cookie('auth_refresh')
    expect(refresh).toStrictEqual({
      name: 'auth_refresh',
      value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      domain: '127.0.0.1',
      path: '/auth',
      expires: (await cookie('XSRF-TOKEN'))!.expires,
      httpOnly: true,
      secure: false,
      sameSite: 'Lax',
    })
    // The session (7 days by default) outlives the access token (1 hour).
    expect(refresh!.expires - (await cookie('auth'))!.expires).toBe(7 * 24 * 3600 - 3600)
  })

  test('sign out: POST /auth/logout with the CSRF header clears every cookie; a reload stays signed out', async () => {
    await open(browser.page, browser.demo.url)
    await signIn(browser.page, ANN)
    await browser.page.click('#signout')
    await settled(browser.page)
    expect(await view(browser.page)).toStrictEqual(SIGNED_OUT)
    const logout = browser.demo.seen.filter((seen) => seen.path === '/auth/logout')
    expect(logout).toStrictEqual([{ method: 'POST', path: '/auth/logout', cookies: ['XSRF-TOKEN', 'auth', 'auth_refresh'], csrfHeader: true, status: 204 }])
    expect(await browser.context.cookies()).toStrictEqual([])
    expect(await reload(browser.page)).toStrictEqual(SIGNED_OUT)
  })
})
