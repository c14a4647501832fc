import type { Page } from 'playwright-core'

import { ANN, BOB } from '../login/support/login-server'
import { startAttacker } from './support/demo-server'
import { reload, signedIn } from './support/page'
import { useBrowserDemo } from './support/use-browser-demo'

const browser = useBrowserDemo({ signedInAs: ANN })
const stops: (() => Promise<void>)[] = []

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

async function attacker(host: string, path: string, fields: Record<string, string>): Promise<{ tab: Page; url: string }> {
  const evil = await startAttacker(host, `${browser.demo.url}${path}`, fields)
  stops.push(evil.close)
  const tab = await browser.context.newPage()
  await tab.goto(evil.url)
  return { tab, url: evil.url }
}

/** Submits the attacker's form as the victim would by clicking, and reads the answer the navigation got. */
async function submitForged(tab: Page, path: string) {
  const answered = tab.waitForResponse((response) => response.url() === `${browser.demo.url}${path}`)
  await tab.click('#claim')
  const response = await answered
  const text = await response.text()
  return { status: response.status(), body: (response.headers()['content-type'] ?? '').includes('json') ? JSON.parse(text) : text }
}

const forgedSeen = (path: string) => browser.demo.seen.filter((seen) => seen.path === path && seen.method === 'POST')

describe('forged cross-site requests against the signed-in page (another site: 127.0.0.2)', () => {
  test('SameSite=Lax: a cross-site form POST and a no-cors fetch with credentials reach the server without a single cookie; the session survives', async () => {
    const { tab, url } = await attacker('127.0.0.2', '/auth/logout', { _csrf: 'a guess' })
    await submitForged(tab, '/auth/logout')
    await tab.goto(url)
    const target = JSON.stringify(`${browser.demo.url}/auth/logout`)
    // Resolves once the (opaque) answer is in, so the server has logged the request by then.
    await tab.evaluate(`fetch(${target}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: new URLSearchParams({ _csrf: 'a guess' }) }).then(() => 'sent')`)
    expect(forgedSeen('/auth/logout').map(({ cookies, csrfHeader }) => ({ cookies, csrfHeader }))).toStrictEqual([
      { cookies: [], csrfHeader: false },
      { cookies: [], csrfHeader: false },
    ])
    expect(await reload(browser.page)).toStrictEqual(signedIn(ANN.email))
  })

  test('login CSRF: a cross-site form cannot sign the victim in as the attacker (the login takes JSON only)', async () => {
    const { tab } = await attacker('127.0.0.2', '/auth/login', { email: BOB.email, password: BOB.password })
    expect(await submitForged(tab, '/auth/login')).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'The request body must be JSON (Content-Type: application/json).', errors: [] },
    })
    expect(await reload(browser.page)).toStrictEqual(signedIn(ANN.email))
  })
})

describe('forged requests from the same site, another origin (127.0.0.1, another port): the cookies go, the CSRF check refuses', () => {
  test('a same-site form POST to /auth/logout carries the cookies but no CSRF header: 403 invalid_csrf_token, and the session survives', async () => {
    const { tab } = await attacker('127.0.0.1', '/auth/logout', { _csrf: 'a guess' })
    expect(await submitForged(tab, '/auth/logout')).toStrictEqual({
      status: 403,
      body: { code: 'invalid_csrf_token', description: 'CSRF token missing or incorrect.' },
    })
    expect(forgedSeen('/auth/logout')).toStrictEqual([
      { method: 'POST', path: '/auth/logout', cookies: ['XSRF-TOKEN', 'auth', 'auth_refresh'], csrfHeader: false, status: 403 },
    ])
    expect(await reload(browser.page)).toStrictEqual(signedIn(ANN.email))
  })
})
