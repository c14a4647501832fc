import type { Page } from 'playwright-core'

/** The page as a person sees it. */
export interface View {
  /** `body[data-state]`: signed-in, signed-out (loading never, once settled). */
  state: string | undefined
  /** The visible heading. */
  title: string
  /** `#me`'s text when shown, else null. */
  me: string | null
  /** The error message when shown, else null. */
  error: string | null
  /** Whether the sign-in form is shown. */
  form: boolean
}

/** Waits until the page has answered: its first check of the session, or the click's request, is done. */
export async function settled(page: Page): Promise<void> {
  // A function, not a string: the page's Content-Security-Policy forbids eval, which a string predicate needs.
  const answered = () => {
    const body = (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body
    return body.dataset.state !== 'loading' && body.dataset.busy === undefined
  }
  await page.waitForFunction(answered, undefined, { timeout: 10_000 })
}

// Run in the page (a string: this project's TypeScript has no DOM types).
const VIEW = `(() => {
  const shown = (id) => {
    const element = document.getElementById(id)
    return element !== null && element.offsetParent !== null ? element.textContent : null
  }
  return {
    state: document.body.dataset.state,
    title: document.getElementById('title').textContent,
    me: shown('me'),
    error: shown('error'),
    form: shown('login') !== null,
  }
})()`

export async function view(page: Page): Promise<View> {
  return page.evaluate<View>(VIEW)
}

/** Opens the page and waits for its first check of the session. */
export async function open(page: Page, url: string): Promise<View> {
  await page.goto(url)
  await settled(page)
  return view(page)
}

/** Types the credentials into the form and submits it, as a person would. */
export async function signIn(page: Page, { email, password }: { email: string; password: string }): Promise<View> {
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.click('form#login button[type=submit]')
  await settled(page)
  return view(page)
}

export async function reload(page: Page): Promise<View> {
  await page.reload()
  await settled(page)
  return view(page)
}

export const SIGNED_OUT: View = { state: 'signed-out', title: 'Sign in', me: null, error: null, form: true }
export const signedIn = (email: string): View => ({ state: 'signed-in', title: 'Welcome back', me: email, error: null, form: false })
