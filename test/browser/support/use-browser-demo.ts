import type { BrowserContext, Page } from 'playwright-core'

import { launchChromium, type TestBrowser } from '../../support/browser'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../../login/support/login-server'
import { startBrowserDemo, type BrowserDemo } from './demo-server'
import { open, signedIn, signIn } from './page'

/** What a browser test works with; `demo`, `context` and `page` are new for each test. */
export interface BrowserTest {
  chromium: TestBrowser
  db: TestDatabase
  demo: BrowserDemo
  context: BrowserContext
  page: Page
}

export interface BrowserTestOptions {
  /** Each test starts with the page open and signed in as this user (its form, as a person would). */
  signedInAs?: { email: string; password: string }
}

/**
 * The setup every browser test shares: one Chromium and one SQLite database (Ann and Bob) for
 * the file, the demo in cookie mode; for each test a fresh demo server (its own login attempts)
 * and a fresh browser profile, closed after it. Call it at the top of the file.
 */
export function useBrowserDemo(options: BrowserTestOptions = {}): BrowserTest {
  const test = {} as BrowserTest
  beforeAll(async () => {
    test.db = await openTestDatabase()
    useJwtEnv(test.db.dir, { SETTINGS_JWT_COOKIE: 'true' })
    test.chromium = await launchChromium()
  })
  afterAll(async () => {
    await test.chromium?.close()
    await test.db?.drop()
  })
  beforeEach(async () => {
    test.demo = await startBrowserDemo()
    test.context = await test.chromium.browser.newContext()
    test.page = await test.context.newPage()
    if (options.signedInAs === undefined) return
    await open(test.page, test.demo.url)
    expect(await signIn(test.page, options.signedInAs)).toStrictEqual(signedIn(options.signedInAs.email))
  })
  afterEach(async () => {
    await test.context.close()
    await test.demo.close()
  })
  return test
}
