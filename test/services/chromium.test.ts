import { createServer, type Server } from 'node:http'

import { launchChromium, type TestBrowser } from '../support/browser'
import { close, listen } from '../support/http'

const PAGE = '<!doctype html><html><head><title>smoke</title></head><body><h1>Hello from node:http</h1></body></html>'

describe('launchChromium(): Debian Chromium through playwright-core, against a node:http server', () => {
  let server: Server
  let url: string
  let chromium: TestBrowser

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/') {
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': ['session=s3cret; Path=/; HttpOnly', 'theme=dark; Path=/'],
        })
        response.end(PAGE)
      } else if (request.url === '/echo') {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ cookie: request.headers.cookie ?? null }))
      } else {
        response.writeHead(404).end()
      }
    })
    url = await listen(server)
    chromium = await launchChromium()
  })
  afterAll(async () => {
    await chromium.close()
    await close(server)
  })

  test('loads the page and reads its heading', async () => {
    const page = await chromium.context.newPage()
    const response = await page.goto(`${url}/`)
    expect(response?.status()).toBe(200)
    expect(await page.title()).toBe('smoke')
    expect(await page.locator('h1').textContent()).toBe('Hello from node:http')
    await page.close()
  })

  test('an HttpOnly cookie is kept and sent, but invisible to document.cookie', async () => {
    const page = await chromium.context.newPage()
    await page.goto(`${url}/`)
    expect(await page.evaluate('document.cookie')).toBe('theme=dark')
    expect(await page.evaluate('fetch("/echo").then((response) => response.json())')).toStrictEqual({
      cookie: 'session=s3cret; theme=dark',
    })
    // A cookie without SameSite is Lax in Chromium; without Expires, a session cookie (-1).
    const cookie = { domain: '127.0.0.1', path: '/', expires: -1, secure: false, sameSite: 'Lax' }
    expect(await chromium.context.cookies()).toStrictEqual([
      { name: 'session', value: 's3cret', ...cookie, httpOnly: true },
      { name: 'theme', value: 'dark', ...cookie, httpOnly: false },
    ])
    await page.close()
  })
})

describe('launchChromium(): each launch starts without cookies, and close() ends the browser', () => {
  test('a new launch has no cookies; after close() it is disconnected', async () => {
    const chromium = await launchChromium()
    try {
      expect(await chromium.context.cookies()).toStrictEqual([])
    } finally {
      await chromium.close()
    }
    expect(chromium.browser.isConnected()).toBe(false)
  })
})
