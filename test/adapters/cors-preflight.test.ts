import { createServer } from 'node:http'

import express from 'express'

import { jwtRequired } from '../../src/adapters/express'
import { createAuthenticator } from '../../src'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { invalidToken, NO_COOKIE, NO_HEADER, ok } from '../support/answers'
import { close, listen, send, type Send } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'

// A browser on another origin asks first, with an OPTIONS preflight that carries no credentials:
// an app-wide jwtRequired() answered it 400, so the browser never sent the real call. A preflight
// (OPTIONS with Access-Control-Request-Method, Fetch standard) now passes through every door with
// no user, as express-jwt lets it; any other OPTIONS request is judged like a GET.

const [HS] = KEY_KINDS
const token = tokenFor(HS, { sub: '1' })
const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())

/** Every call the stores got: a preflight asks neither. */
const calls: string[] = []
const stores = {
  blackList: (t: string) => (calls.push(`blackList ${t}`), false),
  user: (id: string) => (calls.push(`user ${id}`), { id }),
}
const key = { secretOrPublicKey: HS.verifyKey }
const ROUTES: RouteSpec[] = [
  { path: '/required', mode: 'required', options: key },
  { path: '/optional', mode: 'optional', options: key },
  { path: '/cookie', mode: 'required', options: { ...key, cookie: true } },
  { path: '/stores', mode: 'required', options: { ...key, ...stores } },
]

const PREFLIGHT = { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
const preflight = (extra: Send = {}): Send => ({ method: 'OPTIONS', ...extra, headers: { ...PREFLIGHT, ...extra.headers } })

describe.each(DOORS)('CORS preflight: OPTIONS with Access-Control-Request-Method passes through with no user, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(ROUTES.map((route) => route.path))('preflight to %s: the route runs, no user, no store asked', async (path) => {
    expect(await send(server.url + path, preflight())).toStrictEqual(ok(null))
    expect(calls).toStrictEqual([])
  })

  test('a preflight is not judged even with a header a browser would never send on it', async () => {
    expect(await send(`${server.url}/required`, preflight({ authorization: 'Bearer not.a.token' }))).toStrictEqual(ok(null))
    expect(await send(`${server.url}/required`, preflight({ headers: { 'Access-Control-Request-Method': 'DELETE' } }))).toStrictEqual(ok(null))
  })

  test('OPTIONS without Access-Control-Request-Method is no preflight: judged like any request', async () => {
    const options = { method: 'OPTIONS', headers: { origin: 'https://app.example' } }
    expect(await send(`${server.url}/required`, options)).toStrictEqual(NO_HEADER)
    expect(await send(`${server.url}/cookie`, options)).toStrictEqual(NO_COOKIE)
    expect(await send(`${server.url}/required`, { ...options, authorization: 'Bearer not.a.token' })).toStrictEqual(invalidToken('invalid token'))
    expect(await send(`${server.url}/required`, { ...options, authorization: `Bearer ${token}` })).toStrictEqual(ok(payload))
    expect(await send(`${server.url}/optional`, options)).toStrictEqual(ok(null))
  })

  test('a GET that carries Access-Control-Request-Method is judged like any GET', async () => {
    expect(await send(`${server.url}/required`, { headers: PREFLIGHT })).toStrictEqual(NO_HEADER)
    expect(await send(`${server.url}/required`, { headers: PREFLIGHT, authorization: `Bearer ${token}` })).toStrictEqual(ok(payload))
  })
})

// The issue as reported: app.use(jwtRequired()) in front of every route, Express 5.
describe('CORS preflight: an app-wide Express jwtRequired() lets the preflight reach the CORS answer', () => {
  let url: string
  let server: ReturnType<typeof createServer>
  beforeAll(async () => {
    const app = express()
    app.use(jwtRequired(key))
    app.use((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', 'https://app.example')
      res.setHeader('Access-Control-Allow-Headers', 'authorization')
      res.json({ user: (req as { user?: unknown }).user ?? null })
    })
    server = createServer(app)
    url = await listen(server)
  })
  afterAll(() => close(server))

  test('the preflight gets the app answer; the call without a token is still refused', async () => {
    expect(await send(`${url}/api/me`, preflight())).toStrictEqual(ok(null))
    expect(await send(`${url}/api/me`)).toStrictEqual(NO_HEADER)
  })
})

describe('CORS preflight through createAuthenticator, with no framework', () => {
  const authenticate = createAuthenticator(key)
  test('a preflight resolves to no user, any other OPTIONS is judged', async () => {
    const none = { token: undefined, payload: undefined, user: undefined }
    expect(await authenticate({ method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'POST' } })).toStrictEqual(none)
    expect(await authenticate({ method: 'OPTIONS', header: (name) => (name === 'access-control-request-method' ? 'POST' : undefined) })).toStrictEqual(none)
    expect({ ...(await authenticate({ method: 'OPTIONS', headers: {} })) }).toStrictEqual({ status: 400, body: NO_HEADER.body, headers: {} })
  })
})
