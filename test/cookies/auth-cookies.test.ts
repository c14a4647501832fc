import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { sign } from 'jsonwebtoken'

import { createCsrfSettings, verifyCsrfToken } from '../../src/core/csrf'
import { createAuthCookieSettings, type AuthCookieOptions } from '../../src/cookies/auth-cookie-settings'
import type { AuthTokens } from '../../src/cookies/plan-auth-cookies'
import { close } from '../support/http'
import { SECRET } from '../support/keys'
import { COOKIE_DOORS, type Listener } from './doors'

const EXP = 4102444800 // 2100-01-01
const SESSION_END = '2099-12-31T00:00:00.000Z'
const TOKENS: AuthTokens = {
  accessToken: sign({ sub: '1', sid: 'sid-1', iat: EXP - 900, exp: EXP }, SECRET),
  refreshToken: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU',
  sessionExpiresAt: SESSION_END,
}
const csrf = createCsrfSettings({ secret: SECRET, clock: () => Date.parse('2099-01-01') })
const ACCESS_END = new Date(EXP * 1000).toUTCString()
const END = new Date(SESSION_END).toUTCString()
const GONE = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT'

let tls: { key: string; cert: string }
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-tls-'))
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
  tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Sent {
  status: number
  setCookie: string[] | undefined
}

async function serve(listener: Listener, https: boolean): Promise<{ url: string; server: Server }> {
  const server = https ? createHttpsServer(tls, listener) : createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `${https ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

function postTo(url: string, headers: Record<string, string> = {}): Promise<Sent> {
  const request = url.startsWith('https') ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false, ca: tls.cert }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] }))
    })
    req.on('error', reject)
    req.end()
  })
}

const XSRF = (attributes: string) => expect.stringMatching(new RegExp(`^XSRF-TOKEN=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}; Path=/; ${attributes}$`))

describe.each(COOKIE_DOORS)('setAuthCookies / removeAuthCookies on $name', (door) => {
  async function send(path: string, { https = false, headers = {}, options = {} }: { https?: boolean; headers?: Record<string, string>; options?: AuthCookieOptions } = {}): Promise<Sent> {
    const { url, server } = await serve(await door.listener(TOKENS, createAuthCookieSettings({ csrf, ...options })), https)
    try {
      return await postTo(`${url}${path}`, headers)
    } finally {
      await close(server)
    }
  }

  test('sign-in over HTTP: access cookie on /, refresh cookie on /auth, XSRF-TOKEN readable by the page; the app\'s own cookie kept', async () => {
    const sent = await send('/signin')
    expect(sent).toStrictEqual({
      status: 204,
      setCookie: [
        'theme=dark; Path=/',
        `auth=${TOKENS.accessToken}; Path=/; Expires=${ACCESS_END}; HttpOnly; SameSite=Lax`,
        `auth_refresh=${TOKENS.refreshToken}; Path=/auth; Expires=${END}; HttpOnly; SameSite=Lax`,
        XSRF(`Expires=${END}; SameSite=Lax`),
      ],
    })
    const csrfToken = /^XSRF-TOKEN=([^;]+)/.exec(sent.setCookie![3])![1]
    expect(verifyCsrfToken(csrfToken, csrf)).toStrictEqual({ sub: '1', sid: 'sid-1', exp: Date.parse(SESSION_END) / 1000, n: expect.any(String) })
  })

  test('over HTTPS (a TLS socket) every cookie is Secure, with no setting', async () => {
    expect(await send('/signin', { https: true })).toStrictEqual({
      status: 204,
      setCookie: [
        'theme=dark; Path=/',
        `auth=${TOKENS.accessToken}; Path=/; Expires=${ACCESS_END}; HttpOnly; Secure; SameSite=Lax`,
        `auth_refresh=${TOKENS.refreshToken}; Path=/auth; Expires=${END}; HttpOnly; Secure; SameSite=Lax`,
        XSRF(`Expires=${END}; Secure; SameSite=Lax`),
      ],
    })
  })

  test('X-Forwarded-Proto: https makes them Secure behind a trusted proxy only (anyone can send the header)', async () => {
    const headers = { 'x-forwarded-proto': 'https' }
    const untrusted = await send('/signin', { headers })
    const trusted = await send('/signin', { headers, options: { trustProxy: 1 } })
    expect([untrusted.setCookie?.[1], trusted.setCookie?.[1]]).toStrictEqual([
      `auth=${TOKENS.accessToken}; Path=/; Expires=${ACCESS_END}; HttpOnly; SameSite=Lax`,
      `auth=${TOKENS.accessToken}; Path=/; Expires=${ACCESS_END}; HttpOnly; Secure; SameSite=Lax`,
    ])
  })

  test('SameSite=None (a SPA on another site) and the __Host- prefix: Secure even over HTTP', async () => {
    const sent = await send('/signin', { options: { sameSite: 'none', cookieName: '__Host-auth' } })
    expect(sent.setCookie?.slice(1, 3)).toStrictEqual([
      `__Host-auth=${TOKENS.accessToken}; Path=/; Expires=${ACCESS_END}; HttpOnly; Secure; SameSite=None`,
      `__Secure-auth_refresh=${TOKENS.refreshToken}; Path=/auth; Expires=${END}; HttpOnly; Secure; SameSite=None`,
    ])
  })

  test('sign-out: each cookie emptied on its own path and expired', async () => {
    expect(await send('/signout')).toStrictEqual({
      status: 204,
      setCookie: [
        'theme=dark; Path=/',
        `auth=; Path=/; ${GONE}; HttpOnly; SameSite=Lax`,
        `auth_refresh=; Path=/auth; ${GONE}; HttpOnly; SameSite=Lax`,
        `XSRF-TOKEN=; Path=/; ${GONE}; SameSite=Lax`,
      ],
    })
  })
})
