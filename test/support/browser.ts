import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { chromium, type Browser, type BrowserContext } from 'playwright-core'

import { startGuard } from './services/start-guard'
import { chromiumPath } from './services/system-binaries'
import { within } from './services/within'

/** What Chromium needs on a headless CI machine without a GPU, sandbox or network beyond 127.0.0.1. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const LAUNCH_TIMEOUT_MS = 30_000
const CLOSE_TIMEOUT_MS = 15_000

/** A Chromium and a fresh context in it (its own cookies and storage, like a new profile). */
export interface TestBrowser {
  browser: Browser
  context: BrowserContext
  /** Closes the context and the browser; safe to call twice. */
  close(): Promise<void>
}

/** This process's child whose command line carries `marker`, and the arguments it runs with. */
function findChild(marker: string): { pid: number; args: string[] } | undefined {
  for (const tid of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim().split(/\s+/)) {
      if (pid === '') continue
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
        if (args.includes(marker)) return { pid: Number(pid), args }
      } catch {
        // That child has just ended.
      }
    }
  }
  return undefined
}

/**
 * Launches Debian's Chromium (`CHROMIUM_PATH` overrides `/usr/bin/chromium`) through
 * playwright-core; no browser is downloaded. Call `close()` in `afterAll`. Chromium exits when
 * the test process ends, however that ends (it talks to it over a pipe), and a guard then
 * removes its profile and artifacts folders.
 * @example
 * const chromium = await launchChromium()
 * afterAll(() => chromium.close())
 * const page = await chromium.context.newPage()
 */
export async function launchChromium(): Promise<TestBrowser> {
  const executablePath = chromiumPath()
  const artifactsDir = mkdtempSync(join(tmpdir(), 'jwt-hooks-chromium-'))
  // Chromium ignores switches it does not know: this one tells our browser from any other.
  const marker = `--jwt-hooks-test-browser=${randomUUID()}`
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS, marker], artifactsDir, timeout: LAUNCH_TIMEOUT_MS })
  } catch (error) {
    rmSync(artifactsDir, { recursive: true, force: true })
    throw error
  }
  const child = findChild(marker)
  const profileDir = child?.args.find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length)
  const guard = child && startGuard(child.pid, 'SIGKILL', profileDir ? [artifactsDir, profileDir] : [artifactsDir])
  const closeAll = async () => {
    const closed = browser.close()
    const inTime = await within(closed, CLOSE_TIMEOUT_MS)
    guard?.dismiss()
    rmSync(artifactsDir, { recursive: true, force: true })
    if (!inTime) throw new Error(`Chromium did not close within ${CLOSE_TIMEOUT_MS} ms`)
  }
  let context: BrowserContext
  try {
    context = await browser.newContext()
  } catch (error) {
    await closeAll()
    throw error
  }
  let closing: Promise<void> | undefined
  return {
    browser,
    context,
    close: () => (closing ??= context.close().catch(() => undefined).then(closeAll)),
  }
}
