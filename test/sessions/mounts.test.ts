import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'
import type { DataSource } from 'typeorm'

import * as expressDoor from '../../src/adapters/express'
import * as fastifyDoor from '../../src/adapters/fastify'
import * as httpDoor from '../../src/adapters/http'
import * as koaDoor from '../../src/adapters/koa'
import { newApiKey } from '../../src/login/api-keys/new-api-key'
import { TypeormApiKeyStore } from '../../src/stores/typeorm/typeorm-api-key-store'
import { TypeormSessionStore } from '../../src/stores/typeorm/typeorm-session-store'
import { createSessions, type Sessions } from '../../src/tokens/sessions'
import { createStoreDataSource } from '../../src/typeorm/data-source'
import { close, listen } from '../support/http'
import { useJwtEnv } from '../login/support/login-server'
import { bearer, get, post, send } from '../login/support/request'
import { BAD_GRANT, claimsOf, INVALID_API_KEY, judged, LOGGED_OUT, REVOKED, tokensAnswer, type Pair } from './support/answers'

interface Mounted {
  url: string
  close(): Promise<void>
}

const me = (user: unknown) => ({ sub: (user as { sub: string }).sub })

/** Each door with its one mount line, a protected route with `sessions`, and a route of the app's own. */
const MOUNTS: { name: string; start(sessions: Sessions): Promise<Mounted> }[] = [
  {
    name: 'express (app.use(authRoutes(sessions)))',
    async start(sessions) {
      const app = express()
      app.use(expressDoor.authRoutes(sessions))
      app.get('/api/me', expressDoor.jwtRequired({ sessions }), (req: expressDoor.RequestWithUser, res) => void res.json(me(req.user)))
      app.get('/other', (_req, res) => void res.json({ other: true }))
      return serve(createServer(app))
    },
  },
  {
    name: 'express with express.json() first (its parsed body is taken as is)',
    async start(sessions) {
      const app = express()
      app.use(express.json(), express.urlencoded({ extended: false }))
      app.use(expressDoor.authRoutes(sessions))
      app.get('/api/me', expressDoor.jwtRequired({ sessions }), (req: expressDoor.RequestWithUser, res) => void res.json(me(req.user)))
      app.get('/other', (_req, res) => void res.json({ other: true }))
      return serve(createServer(app))
    },
  },
  {
    name: 'koa (app.use(authRoutes(sessions)))',
    async start(sessions) {
      const app = new Koa()
      app.use(koaDoor.authRoutes(sessions))
      const guard = koaDoor.jwtRequired({ sessions })
      app.use(async (ctx, next) => {
        if (ctx.path === '/other') ctx.body = { other: true }
        else if (ctx.path === '/api/me') await guard(ctx, async () => void (ctx.body = me(ctx.state.user)))
        else await next()
      })
      return serve(createServer(app.callback()))
    },
  },
  {
    name: 'fastify (app.register(authRoutes(sessions)))',
    async start(sessions) {
      const app = Fastify()
      await app.register(fastifyDoor.authRoutes(sessions))
      app.get('/api/me', { preHandler: fastifyDoor.jwtRequired({ sessions }) }, async (request) => me(request.user))
      app.get('/other', async () => ({ other: true }))
      app.post('/echo', async (request) => ({ echoed: request.body }))
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address() as { port: number }
      return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() }
    },
  },
  {
    name: 'node:http (createServer(authRoutes(sessions)(app)))',
    async start(sessions) {
      const protectedMe = httpDoor.jwtRequired({ sessions })((req, res) => res.end(JSON.stringify(me(req.user))))
      const app: httpDoor.Listener = (req, res) => {
        res.setHeader('content-type', 'application/json')
        if (req.url === '/api/me') return protectedMe(req, res)
        if (req.url === '/other') return res.end(JSON.stringify({ other: true }))
        res.statusCode = 404
        res.end('{}')
      }
      return serve(createServer(httpDoor.authRoutes(sessions)(app)))
    },
  },
]

async function serve(server: ReturnType<typeof createServer>): Promise<Mounted> {
  const url = await listen(server)
  return { url, close: () => close(server) }
}

let dir: string
let stores: DataSource
let sessions: Sessions
let apiKey: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-mounts-'))
  useJwtEnv(dir)
  stores = createStoreDataSource({ cwd: dir })
  await stores.initialize()
  const apiKeys = new TypeormApiKeyStore(stores)
  const made = newApiKey()
  await apiKeys.create('mounts', made.hash, Date.now())
  apiKey = made.key
  sessions = createSessions({ store: new TypeormSessionStore(stores), apiKeys })
  await sessions.ready()
})
afterAll(async () => {
  sessions.close()
  await stores.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const JSON_TYPE = 'application/json; charset=utf-8'
const request = (description: string, status = 400) => ({
  status,
  body: { code: 'invalid_request', description, errors: [] },
  contentType: JSON_TYPE,
  cacheControl: undefined,
  wwwAuthenticate: undefined,
})

describe.each(MOUNTS)('$name', (mount) => {
  let server: Mounted
  beforeAll(async () => {
    server = await mount.start(sessions)
  })
  afterAll(() => server.close())
  const url = (path: string) => `${server.url}${path}`
  const signIn = () => sessions.issueSession('1') as Promise<Pair>
  const protectedMe = async (token: string) => {
    const reply = await get(url('/api/me'), bearer(token))
    return { status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] }
  }

  test('POST /auth/refresh rotates; the spent token again revokes the session on the protected route', async () => {
    const pair = await signIn()
    const rotated = await post(url('/auth/refresh'), { body: { refreshToken: pair.refreshToken } })
    expect(judged(rotated)).toStrictEqual(tokensAnswer(rotated))
    const next = rotated.body as Pair
    expect(await protectedMe(next.accessToken)).toStrictEqual({ status: 200, body: { sub: '1' }, wwwAuthenticate: undefined })
    expect(judged(await post(url('/auth/refresh'), { body: { refreshToken: pair.refreshToken } }))).toStrictEqual(BAD_GRANT)
    expect(await protectedMe(next.accessToken)).toStrictEqual(REVOKED)
  })

  test('POST /auth/logout by access token and by refresh token: 204; again: row 5, invalid_grant', async () => {
    const byAccess = await signIn()
    expect(judged(await send(url('/auth/logout'), { method: 'POST', headers: bearer(byAccess.accessToken) }))).toStrictEqual(LOGGED_OUT)
    expect(await protectedMe(byAccess.accessToken)).toStrictEqual(REVOKED)
    const again = await send(url('/auth/logout'), { method: 'POST', headers: bearer(byAccess.accessToken) })
    expect({ status: again.status, body: again.body, wwwAuthenticate: again.headers['www-authenticate'] }).toStrictEqual(REVOKED)
    const byRefresh = await signIn()
    expect(judged(await post(url('/auth/logout'), { body: { refreshToken: byRefresh.refreshToken } }))).toStrictEqual(LOGGED_OUT)
    expect(judged(await post(url('/auth/logout'), { body: { refreshToken: byRefresh.refreshToken } }))).toStrictEqual(BAD_GRANT)
  })

  test('POST /auth/tokens with X-API-Key mints; without, 401', async () => {
    const minted = await post(url('/auth/tokens'), { body: { userId: 'u-9', name: 'Nine' }, headers: { 'x-api-key': apiKey } })
    expect([minted.status, (minted.body as { user: unknown }).user, claimsOf((minted.body as Pair).accessToken).name]).toStrictEqual([200, { id: 'u-9', name: 'Nine', image: null }, 'Nine'])
    expect(judged(await post(url('/auth/tokens'), { body: { userId: 'u-9' } }))).toStrictEqual({ status: 401, body: INVALID_API_KEY, contentType: JSON_TYPE, cacheControl: undefined, wwwAuthenticate: undefined })
  })

  test.each<{ title: string; headers: Record<string, string>; text: string | undefined; expected: unknown }>([
    { title: 'no body', headers: {}, text: undefined, expected: request('The request body must be JSON (Content-Type: application/json).') },
    { title: 'a form post', headers: { 'content-type': 'application/x-www-form-urlencoded' }, text: 'refreshToken=abc', expected: request('The request body must be JSON (Content-Type: application/json).') },
    { title: 'an array', headers: { 'content-type': 'application/json' }, text: '["abc"]', expected: request('The request body must be a JSON object.') },
  ])('bad bodies answered in the login\'s shape: $title', async ({ headers, text, expected }) => {
    expect(judged(await send(url('/auth/refresh'), { method: 'POST', headers, text }))).toStrictEqual(expected)
  })

  test('other routes are the app\'s: a GET of /auth/refresh is not ours, /other answers', async () => {
    expect((await get(url('/auth/refresh'))).status).toBe(404)
    expect((await get(url('/other'))).body).toStrictEqual({ other: true })
  })
})

describe('the strict parser where the app has none of its own', () => {
  test.each(MOUNTS.filter((mount) => !mount.name.includes('express.json')))('$name: malformed JSON is 400, 200 KB is 413', async (mount) => {
    const server = await mount.start(sessions)
    try {
      const malformed = await send(`${server.url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, text: '{"refreshToken":' })
      const huge = await post(`${server.url}/auth/refresh`, { body: { refreshToken: 'a'.repeat(200 * 1024) } })
      expect([judged(malformed), judged(huge)]).toStrictEqual([request('The request body is not valid JSON.'), request('The request body is too large.', 413)])
    } finally {
      await server.close()
    }
  })

  test('fastify: the plugin\'s parser stays inside it; the app\'s own routes keep Fastify\'s JSON parser', async () => {
    const server = await MOUNTS.find((mount) => mount.name.startsWith('fastify'))!.start(sessions)
    try {
      expect((await post(`${server.url}/echo`, { body: { a: 1 } })).body).toStrictEqual({ echoed: { a: 1 } })
    } finally {
      await server.close()
    }
  })
})
