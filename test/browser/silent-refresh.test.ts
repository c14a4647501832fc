import { sign } from 'jsonwebtoken'

import { SECRET } from '../support/keys'
import { ANN } from '../login/support/login-server'
import { reload, signedIn, SIGNED_OUT } from './support/page'
import { useBrowserDemo } from './support/use-browser-demo'

const browser = useBrowserDemo({ signedInAs: ANN })

beforeEach(() => {
  browser.demo.seen.length = 0
})

const value = async (name: string) => (await browser.context.cookies()).find((cookie) => cookie.name === name)?.value

/** Ann's access token as it is once its hour is over: signed with the demo's key, exp two hours ago. */
function expiredToken(): string {
  const now = Math.floor(Date.now() / 1000)
  return sign({ sub: '1', email: ANN.email, iat: now - 2 * 3600, exp: now - 3600 }, SECRET)
}

/** Puts a token in the auth cookie as the browser would keep it (its own Expires still ahead). */
async function keepInCookie(token: string): Promise<void> {
  const expires = Math.floor(Date.now() / 1000) + 3600
  await browser.context.addCookies([{ name: 'auth', value: token, url: browser.demo.url, httpOnly: true, sameSite: 'Lax', expires }])
}

const requests = () => browser.demo.seen.filter((seen) => seen.path.startsWith('/api/') || seen.path.startsWith('/auth/'))

describe('silent refresh in Chromium: the user never sees "token expired"', () => {
  test('the browser dropped the access cookie at its Expires: a reload asks /api/me (400), refreshes once with the refresh cookie and the CSRF header, and asks again (200)', async () => {
    const before = await value('auth')
    await browser.context.clearCookies({ name: 'auth' })
    expect(await reload(browser.page)).toStrictEqual(signedIn(ANN.email))
    expect(requests()).toStrictEqual([
      { method: 'GET', path: '/api/me', cookies: ['XSRF-TOKEN'], csrfHeader: false, status: 400 },
      { method: 'POST', path: '/auth/refresh', cookies: ['XSRF-TOKEN', 'auth_refresh'], csrfHeader: true, status: 200 },
      { method: 'GET', path: '/api/me', cookies: ['XSRF-TOKEN', 'auth'], csrfHeader: false, status: 200 },
    ])
    expect((await value('auth')) === before).toBe(false)
  })

  test('an expired token still in the cookie (401 jwt expired): refreshed silently, then the user', async () => {
    const refreshBefore = await value('auth_refresh')
    await keepInCookie(expiredToken())
    expect(await reload(browser.page)).toStrictEqual(signedIn(ANN.email))
    expect(requests()).toStrictEqual([
      { method: 'GET', path: '/api/me', cookies: ['XSRF-TOKEN', 'auth'], csrfHeader: false, status: 401 },
      { method: 'POST', path: '/auth/refresh', cookies: ['XSRF-TOKEN', 'auth', 'auth_refresh'], csrfHeader: true, status: 200 },
      { method: 'GET', path: '/api/me', cookies: ['XSRF-TOKEN', 'auth'], csrfHeader: false, status: 200 },
    ])
    // The refresh rotated: the spent refresh token was replaced.
    expect((await value('auth_refresh')) === refreshBefore).toBe(false)
  })

  test('a refresh that is refused (400 invalid_grant: a refresh token nobody issued) signs out in words, and says nothing of tokens', async () => {
    await keepInCookie(expiredToken())
    // In the place of the one the sign-in set (Path=/auth): a cookie given by `url` would go to Path=/ beside it.
    await browser.context.addCookies([{ name: 'auth_refresh', value: 'bm9ib2R5LWlzc3VlZC10aGlzLXJlZnJlc2gtdG9rZW4', domain: '127.0.0.1', path: '/auth', httpOnly: true, sameSite: 'Lax' }])
    expect(await reload(browser.page)).toStrictEqual({ ...SIGNED_OUT, error: 'Your session has ended. Sign in again.' })
    expect(requests().map(({ path, status }) => ({ path, status }))).toStrictEqual([
      { path: '/api/me', status: 401 },
      { path: '/auth/refresh', status: 400 },
    ])
  })
})
