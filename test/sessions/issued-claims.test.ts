import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import { join } from 'node:path'

import expressApp from 'express'
import { sign } from 'jsonwebtoken'

import * as express from '../../src/adapters/express'
import { MemorySessionStore } from '../../src/stores/memory/memory-session-store'
import { createSessions } from '../../src/tokens/sessions'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { bearer, get, post } from '../login/support/request'
import { invalidToken } from '../support/answers'
import { close, listen } from '../support/http'
import { NOW, SECRET } from '../support/keys'
import { claimsOf } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

let db: TestDatabase
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db.drop())

describe('settings.jwt.issuer and settings.jwt.audience: put in issued tokens, required of verified ones', () => {
  let server: SessionServer
  beforeAll(async () => {
    useJwtEnv(db.dir, { SETTINGS_JWT_ISSUER: 'https://auth.example.com', SETTINGS_JWT_AUDIENCE: 'api' })
    server = await startSessionServer(db.dir)
  })
  afterAll(() => server.close())
  const me = async (token: string) => {
    const reply = await get(`${server.url}/api/me`, bearer(token))
    return { status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] ?? null }
  }

  test('the login\'s tokens carry iss and aud, and the demo\'s doors accept them', async () => {
    const { accessToken, refreshToken } = (await post(`${server.url}/auth/login`, { body: ANN })).body as { accessToken: string; refreshToken: string }
    expect(claimsOf(accessToken)).toMatchObject({ iss: 'https://auth.example.com', aud: 'api' })
    expect((await me(accessToken)).status).toBe(200)
    const next = (await post(`${server.url}/auth/refresh`, { body: { refreshToken } })).body as { accessToken: string }
    expect(claimsOf(next.accessToken)).toMatchObject({ iss: 'https://auth.example.com', aud: 'api' })
  })

  test('a token of the same key without them, or with others, is refused (rows 9 and 10)', async () => {
    const token = (claims: Record<string, unknown>) => sign({ sub: '1', iat: NOW - 10, exp: NOW + 3600, ...claims }, SECRET)
    expect(await me(token({ aud: 'api' }))).toStrictEqual(invalidToken('jwt issuer invalid. expected: https://auth.example.com'))
    expect(await me(token({ iss: 'https://auth.example.com' }))).toStrictEqual(invalidToken('jwt audience invalid. expected: api'))
    expect(await me(token({ iss: 'https://auth.example.com', aud: 'ws' }))).toStrictEqual(invalidToken('jwt audience invalid. expected: api'))
  })

  test('a door with a key of its own (another service\'s) is not held to them; verifyOptions given win over them', async () => {
    const other = 'another-secret-of-at-least-thirty-two-bytes'
    const token = sign({ sub: 'x', iat: NOW - 10, exp: NOW + 3600 }, other)
    const app = expressApp()
    app.get('/own-key', express.jwtRequired({ secretOrPublicKey: other }), (_req, res) => void res.json({ passed: true }))
    app.get('/own-issuer', express.jwtRequired({}, { issuer: 'mine' }), (_req, res) => void res.json({ passed: true }))
    const httpServer = createServer(app)
    const url = await listen(httpServer)
    try {
      const configured = sign({ sub: '1', iat: NOW - 10, exp: NOW + 3600, iss: 'mine', aud: 'api' }, SECRET)
      expect([(await get(`${url}/own-key`, bearer(token))).body, (await get(`${url}/own-issuer`, bearer(configured))).body]).toStrictEqual([{ passed: true }, { passed: true }])
    } finally {
      await close(httpServer)
    }
  })
})

describe('EdDSA: sessions signed with an Ed25519 settings.jwt.privateKey, verified by jose (the reference)', () => {
  test('the access token is EdDSA with the key\'s thumbprint as kid; jose verifies it with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    useJwtEnv(db.dir, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: publicPem, SETTINGS_JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })
    const sessions = createSessions({ store: new MemorySessionStore() })
    try {
      const { accessToken } = await sessions.issueSession('1', { claims: { email: ANN.email } })
      const script = `
        import { importSPKI, jwtVerify, calculateJwkThumbprint, exportJWK } from 'jose'
        const key = await importSPKI(process.env.PUBLIC_PEM, 'EdDSA')
        const { payload, protectedHeader } = await jwtVerify(process.env.TOKEN, key, { algorithms: ['EdDSA'] })
        const thumbprint = await calculateJwkThumbprint(await exportJWK(key))
        console.log(JSON.stringify({ header: protectedHeader, sub: payload.sub, email: payload.email, kidIsThumbprint: protectedHeader.kid === thumbprint }))
      `
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: join(__dirname, '../..'),
        env: { PATH: process.env.PATH ?? '', PUBLIC_PEM: publicPem, TOKEN: accessToken },
        encoding: 'utf8',
      })
      expect(JSON.parse(out)).toStrictEqual({ header: { alg: 'EdDSA', typ: 'JWT', kid: expect.any(String) }, sub: '1', email: ANN.email, kidIsThumbprint: true })
    } finally {
      sessions.close()
    }
  })
})
