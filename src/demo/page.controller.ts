import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { Get, HttpResponseOK } from '@foal/core'

/** The headers of every file of the page: no inline script or style, no framing, no referrer. */
export const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
} as const

const FILES = {
  page: { name: 'index.html', type: 'text/html; charset=utf-8' },
  script: { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  style: { name: 'style.css', type: 'text/css; charset=utf-8' },
  icon: { name: 'favicon.svg', type: 'image/svg+xml; charset=utf-8' },
} as const

/**
 * The demo page at `GET /`, with `GET /app.js`, `/style.css` and `/favicon.svg`: plain files, read once when
 * the app is built (never per request), served as they are.
 * @param folder where the files are (default: `page/` beside this module, else the checkout's
 *   `src/demo/page/`, which the TypeScript build does not copy).
 * @throws the read error when a file is missing: the demo does not start without its page.
 */
export function createPageController(folder = pageFolder()) {
  const files = Object.fromEntries(
    Object.entries(FILES).map(([key, { name, type }]) => [key, { type, text: readFileSync(join(folder, name), 'utf8') }]),
  ) as Record<keyof typeof FILES, { type: string; text: string }>

  const answer = (file: { type: string; text: string }) => {
    const response = new HttpResponseOK(file.text).setHeader('Content-Type', file.type)
    for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value)
    return response
  }

  class PageController {
    @Get('/')
    page() {
      return answer(files.page)
    }

    @Get('/app.js')
    script() {
      return answer(files.script)
    }

    @Get('/style.css')
    style() {
      return answer(files.style)
    }

    @Get('/favicon.svg')
    icon() {
      return answer(files.icon)
    }
  }
  return PageController
}

function pageFolder(): string {
  const beside = join(__dirname, 'page')
  return existsSync(join(beside, 'index.html')) ? beside : join(__dirname, '../../src/demo/page')
}
