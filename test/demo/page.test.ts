import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from '../login/support/login-server'
import { get } from '../login/support/request'

const PAGE = join(__dirname, '../../src/demo/page')
const SECURITY = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

let db: TestDatabase
let server: LoginServer
beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir, { SETTINGS_JWT_COOKIE: 'true' })
  server = await startLoginServer()
})
afterAll(async () => {
  await server.close()
  await db.drop()
})

describe('the demo page: plain files, served with a strict Content-Security-Policy', () => {
  test.each([
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'style.css', 'text/css; charset=utf-8'],
    ['/favicon.svg', 'favicon.svg', 'image/svg+xml; charset=utf-8'],
  ])('GET %s: the file %s as it is, its type, and the security headers', async (path, file, type) => {
    const reply = await get(`${server.url}${path}`)
    const { 'content-type': contentType, 'content-security-policy': csp, 'x-content-type-options': nosniff, 'referrer-policy': referrer } = reply.headers
    expect({ status: reply.status, body: reply.body, headers: { 'content-type': contentType, 'content-security-policy': csp, 'x-content-type-options': nosniff, 'referrer-policy': referrer } }).toStrictEqual({
      status: 200,
      body: readFileSync(join(PAGE, file), 'utf8'),
      headers: { 'content-type': type, ...SECURITY },
    })
  })

  test('the page holds the contract\'s elements and no inline script, style or handler (the policy would block them)', () => {
    const html = readFileSync(join(PAGE, 'index.html'), 'utf8')
    expect({
      form: /<form id="login"[^>]*>/.test(html),
      email: /<input[^>]+name="email"/.test(html),
      password: /<input[^>]+name="password"[^>]+type="password"/.test(html),
      submit: /<button type="submit">/.test(html),
      me: /id="me"/.test(html),
      signout: /<button id="signout"/.test(html),
      scripts: html.match(/<script[^>]*>/g),
      inlineScript: /<script(?![^>]*\ssrc=)[^>]*>/.test(html),
      styleElement: /<style/i.test(html),
      styleAttribute: /\sstyle=/i.test(html),
      handlerAttribute: /\son[a-z]+=/i.test(html),
    }).toStrictEqual({
      form: true,
      email: true,
      password: true,
      submit: true,
      me: true,
      signout: true,
      scripts: ['<script src="/app.js" defer>'],
      inlineScript: false,
      styleElement: false,
      styleAttribute: false,
      handlerAttribute: false,
    })
  })
})
