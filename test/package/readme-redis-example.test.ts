import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { buildPackage, startNode, type BuiltPackage } from '../adapters/support/built-package'
import { bearer, get, post, type Reply } from '../login/support/request'
import { sharedRedisUrl } from '../support/services'

// The README's Express app with its sessions on Redis (Many instances), as written there, run
// twice on one Redis against the built package: what one instance does, the other knows.
const EXAMPLE = `
const express = require('express')
const { authRoutes, jwtRequired } = require('jwt-hooks/express')
const { createRedisStores, createSessions } = require('jwt-hooks/redis')

const stores = createRedisStores({ url: process.env.REDIS_URL, keyPrefix: process.env.REDIS_PREFIX })
const sessions = createSessions({ store: stores.sessions })   // the key: settings.jwt.* as for the doors

const app = express()
app.use(authRoutes(sessions))                                   // POST /auth/refresh, /auth/logout
// Your own sign-in (a password check, an OAuth callback…) ends with issueSession.
app.post('/login', express.json(), async (req, res) => {
  if (req.body.password !== process.env.DEMO_PASSWORD) return res.sendStatus(401)
  res.json(await sessions.issueSession('42'))
})
app.get('/api/me', jwtRequired({ sessions }), (req, res) => res.json({ sub: req.user.sub }))

// Connected first: until then every store call rejects, the first read of revocations too.
stores.ready().then(() => sessions.ready()).then(() => {
  const server = app.listen(Number(process.env.PORT ?? 3000), () => console.log(\`http://127.0.0.1:\${server.address().port}\`))
})
`

const REVOKED = { status: 401, body: { code: 'invalid_token', description: 'jwt revoked' }, wwwAuthenticate: 'error="invalid_token", error_description="jwt revoked"' }
const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] })

test('the README shows this Express example of jwt-hooks/redis as written here', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8')
  expect(readme).toContain(EXAMPLE.trim())
})

describe('the README example of jwt-hooks/redis: two Express instances on one Redis', () => {
  let built: BuiltPackage
  let servers: { url: string; stop(): Promise<void> }[] = []
  beforeAll(async () => {
    built = buildPackage()
    const env = {
      REDIS_URL: await sharedRedisUrl(),
      REDIS_PREFIX: `readme-${randomBytes(6).toString('hex')}:`,
      DEMO_PASSWORD: 'a password of the test',
      PORT: '0',
      SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a-readme-secret-of-at-least-thirty-two-bytes',
    }
    servers = await Promise.all([startNode(built, EXAMPLE, env), startNode(built, EXAMPLE, env)])
  }, 120_000)
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    built?.remove()
  })

  test('sign in on A, accepted on B; a wrong password 401; logout on A: refused on B at once, its refresh token invalid_grant on B', async () => {
    const [a, b] = servers.map((server) => server.url)
    expect((await post(`${a}/login`, { body: { password: 'wrong' } })).status).toBe(401)
    const login = await post(`${a}/login`, { body: { password: 'a password of the test' } })
    const { accessToken, refreshToken } = login.body as { accessToken: string; refreshToken: string }
    expect(judged(await get(`${b}/api/me`, bearer(accessToken)))).toStrictEqual({ status: 200, body: { sub: '42' }, wwwAuthenticate: undefined })
    expect((await post(`${a}/auth/logout`, { body: {}, headers: bearer(accessToken) })).status).toBe(204)
    const end = Date.now() + 1_000
    let reply = await get(`${b}/api/me`, bearer(accessToken))
    while (reply.status === 200 && Date.now() < end) reply = await get(`${b}/api/me`, bearer(accessToken))
    expect(judged(reply)).toStrictEqual(REVOKED)
    const refresh = await post(`${b}/auth/refresh`, { body: { refreshToken } })
    expect({ status: refresh.status, body: refresh.body }).toStrictEqual({ status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' } })
  }, 30_000)
})
