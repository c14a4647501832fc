import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { CLI, runCli } from '../cli/support/run-cli'
import { bearer, get, post, type Reply } from '../login/support/request'
import { exitWithin, startDemoProcess, type DemoProcess } from './support/demo-process'

let cwd: string
const running: DemoProcess[] = []

beforeAll(() => {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-demo-')))
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((demo) => demo.stop()))
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

function start(dir = cwd, env: Record<string, string> = {}): DemoProcess {
  const demo = startDemoProcess(dir, env)
  running.push(demo)
  return demo
}

const CREDENTIALS = /^jwt-hooks demo: created the demo user \(this password is shown only now\)\n {2}email: {4}demo@example\.com\n {2}password: (\S+)\n/
const LISTENING = (url: string) =>
  `jwt-hooks demo: listening on ${url}\n` +
  '  POST /auth/login   {"email","password"} -> {"accessToken","refreshToken","expiresAt","token"}\n' +
  '  POST /auth/refresh {"refreshToken"} -> the next {"accessToken","refreshToken","expiresAt","token"}\n' +
  '  POST /auth/logout  Authorization: Bearer <token>, or {"refreshToken"} -> 204\n' +
  '  POST /auth/tokens  X-API-Key: <key of jwt-hooks create-api-key>, {"userId"} -> tokens of a session of userId\n' +
  '  POST /auth/challenge {"publicKey","caps"?} -> {"challenge","expiresAt"}: sign the challenge with the key\n' +
  '  POST /auth/challenge/verify {"publicKey","challenge","signature"} -> tokens of a session of the key\n' +
  '  POST /auth/pubky   a Pubky AuthToken\'s bytes (application/octet-stream) -> tokens of a session of its key\n' +
  '  WS   /ws/userauth  Textile\'s loginWithChallenge: {"type":"token","pubkey"} ... -> {"type":"token","value":tokens}\n' +
  '  GET|POST /link/<channel>  the relay of Pubky\'s auth flow\n' +
  '  GET  /.well-known/jwks.json -> the public signing keys, for another service\'s jwksUrl\n' +
  '  GET  /api/me       Authorization: Bearer <token>\n' +
  '  GET  /api/admin    Authorization: Bearer <token> of a user with the permission admin\n' +
  '  GET  /api/hello    with or without a token\n'
const REVOKED = {
  status: 401,
  body: { code: 'invalid_token', description: 'jwt revoked' },
  wwwAuthenticate: 'error="invalid_token", error_description="jwt revoked"',
}

const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] })

async function loginAs(url: string, email: string, password: string): Promise<string> {
  const reply = await post(`${url}/auth/login`, { body: { email, password } })
  expect(reply.status).toBe(200)
  return (reply.body as { token: string }).token
}

/** Asks until the answer is no longer `still`, every 50 ms, for at most 10 s (the file watch is asynchronous). */
async function pollUntilChanged(ask: () => Promise<Reply>, still: number): Promise<Reply> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const reply = await ask()
    if (reply.status !== still || Date.now() > deadline) return reply
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

// The steps build on each other: one directory, first without a key, then with one.
describe('npm start (node dist/demo/main.js) in a fresh directory', () => {
  test('without a key it refuses to start, says exactly how to make one, and leaves nothing behind', async () => {
    const demo = start()
    expect({ code: await exitWithin(demo), stdout: demo.stdout(), stderr: demo.stderr() }).toStrictEqual({
      code: 1,
      stdout: '',
      stderr:
        'jwt-hooks demo: cannot start.\n' +
        `No key to sign and verify tokens in ${cwd}.\n` +
        'Make one (it is written to .env as SETTINGS_JWT_SECRET_OR_PUBLIC_KEY, never overwriting a key):\n' +
        `  node ${CLI} createsecret --save\n` +
        'or set SETTINGS_JWT_SECRET_OR_PUBLIC_KEY or "settings.jwt.secretOrPublicKey" in config/.\n',
    })
    expect(readdirSync(cwd)).toStrictEqual([])
  })

  let password: string
  let url: string

  test('with the key that command makes, it creates the database and a demo user, prints the credentials once, and serves', async () => {
    expect((await runCli(['createsecret', '--save'], { cwd })).code).toBe(0)
    const demo = start()
    url = await demo.url()
    const match = CREDENTIALS.exec(demo.stdout())
    expect(match).not.toBeNull()
    password = match![1]
    expect(demo.stdout().slice(match![0].length, match![0].length + LISTENING(url).length)).toBe(LISTENING(url))
    expect([existsSync(join(cwd, 'db.sqlite3')), existsSync(join(cwd, 'blacklist.txt'))]).toStrictEqual([true, true])
    expect(await runCli(['list-users'], { cwd })).toStrictEqual({ code: 0, stdout: '1\tdemo@example.com\n', stderr: '' })

    const token = await loginAs(url, 'demo@example.com', password)
    expect(judged(await get(`${url}/api/me`, bearer(token)))).toStrictEqual({
      status: 200,
      body: { id: 1, email: 'demo@example.com' },
      wwwAuthenticate: undefined,
    })
    expect((await get(`${url}/api/hello`, bearer(token))).body).toStrictEqual({ message: 'Hello, demo@example.com!' })

    // `revoke` through the real CLI, same directory, same blacklist file; the server keeps running.
    expect(await runCli(['revoke', token], { cwd })).toMatchObject({ code: 0, stderr: '' })
    const after = await pollUntilChanged(() => get(`${url}/api/me`, bearer(token)), 200)
    expect(judged(after)).toStrictEqual(REVOKED)
    expect(demo.child.exitCode).toBeNull()
    // Only that token: a new login works.
    const fresh = await loginAs(url, 'demo@example.com', password)
    expect((await get(`${url}/api/me`, bearer(fresh))).status).toBe(200)

    // Nothing logged a token or the password, beyond the one credentials block.
    const logs = demo.stdout().slice(match![0].length) + demo.stderr()
    expect([logs.includes(token), logs.includes(fresh), logs.includes(password)]).toStrictEqual([false, false, false])
    expect(await demo.stop()).toBe(0)
  })

  test('a restart keeps the user (no new credentials) and the revoked token stays refused', async () => {
    const demo = start()
    const restarted = await demo.url()
    expect(CREDENTIALS.test(demo.stdout())).toBe(false)
    expect(demo.stdout().startsWith(LISTENING(restarted))).toBe(true)
    const token = await loginAs(restarted, 'demo@example.com', password)
    expect((await get(`${restarted}/api/me`, bearer(token))).status).toBe(200)
    await runCli(['revoke', token], { cwd })
    expect(judged(await pollUntilChanged(() => get(`${restarted}/api/me`, bearer(token)), 200))).toStrictEqual(REVOKED)
  })

  test('GET /api/admin: 403 forbidden until the CLI grants the permission admin, 200 at once after (no restart), 403 again once revoked', async () => {
    const demo = start()
    const running = await demo.url()
    const token = await loginAs(running, 'demo@example.com', password)
    const admin = async () => judged(await get(`${running}/api/admin`, bearer(token)))
    const FORBIDDEN = { status: 403, body: { code: 'forbidden', description: 'Permission denied.' }, wwwAuthenticate: undefined }
    expect(await admin()).toStrictEqual(FORBIDDEN)
    expect(await runCli(['create-permission', 'admin', 'Use the admin routes'], { cwd })).toMatchObject({ code: 0, stderr: '' })
    expect(await runCli(['grant', 'demo@example.com', 'admin'], { cwd })).toMatchObject({ code: 0, stderr: '' })
    expect(await admin()).toStrictEqual({ status: 200, body: { message: 'Hello, administrator demo@example.com!' }, wwwAuthenticate: undefined })
    expect(await runCli(['revoke-permission', 'demo@example.com', 'admin'], { cwd })).toMatchObject({ code: 0, stderr: '' })
    expect(await admin()).toStrictEqual(FORBIDDEN)
    expect(judged(await get(`${running}/api/admin`))).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'Authorization header not found.' },
      wwwAuthenticate: undefined,
    })
  })
})

describe('bad configuration stops the demo at startup with the message', () => {
  const cases: { title: string; files: Record<string, string>; env: Record<string, string>; stderr: string | RegExp }[] = [
    {
      title: 'a ConfigError (settings.jwt.cookie is not a boolean)',
      files: { '.env': 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=a-secret-of-at-least-thirty-two-bytes-long\n', 'config/default.json': '{"settings":{"jwt":{"cookie":"maybe"}}}' },
      env: {},
      stderr: 'jwt-hooks demo: cannot start.\njwt-hooks: "settings.jwt.cookie" in config/default.json: must be true or false\n',
    },
    {
      title: 'an unreadable PEM public key',
      files: { '.env': 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY="-----BEGIN PUBLIC KEY-----\\nnot a key\\n-----END PUBLIC KEY-----"\n' },
      env: {},
      stderr: /^jwt-hooks demo: cannot start\.\njwt-hooks: "settings\.jwt\.secretOrPublicKey" from \.env \(SETTINGS_JWT_SECRET_OR_PUBLIC_KEY\): not a readable PEM key \(.+\)\n$/,
    },
    {
      title: 'a PORT that is not a port',
      files: { '.env': 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=a-secret-of-at-least-thirty-two-bytes-long\n' },
      env: { PORT: 'http' },
      stderr: 'jwt-hooks demo: PORT must be a whole number from 0 to 65535, not "http"\n',
    },
  ]

  test.each(cases)('$title', async ({ files, env, stderr }) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-demo-bad-')))
    try {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true })
        writeFileSync(join(dir, name), text)
      }
      const demo = start(dir, env)
      const code = await exitWithin(demo)
      expect([code, demo.stdout()]).toStrictEqual([1, ''])
      if (typeof stderr === 'string') expect(demo.stderr()).toBe(stderr)
      else expect(demo.stderr()).toMatch(stderr)
      expect(existsSync(join(dir, 'db.sqlite3'))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the startup banner in cookie mode shows the cookies, not the Bearer header', () => {
  test.each([
    { cookieName: 'session', refreshName: 'session_refresh' },
    // RFC 6265bis: a __Host- cookie must be on Path=/, so the refresh cookie (on /auth) is __Secure-.
    { cookieName: '__Host-auth', refreshName: '__Secure-auth_refresh' },
  ])('settings.jwt.cookie on, cookie "$cookieName": the banner names $refreshName, the cookies the login sets, and /api/me reads the access cookie', async ({ cookieName, refreshName }) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-demo-cookie-')))
    try {
      const demo = start(dir, {
        SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a-secret-of-at-least-thirty-two-bytes-long',
        SETTINGS_JWT_COOKIE: 'true',
        SETTINGS_JWT_COOKIE_NAME: cookieName,
      })
      const url = await demo.url()
      const match = CREDENTIALS.exec(demo.stdout())
      expect(match).not.toBeNull()
      expect(demo.stdout().slice(match![0].length)).toBe(
        `jwt-hooks demo: listening on ${url}\n` +
          '  GET  /             the demo page: open it in a browser to sign in\n' +
          `  POST /auth/login   {"email","password"} -> {"accessToken","expiresAt","token"} and the cookies ${cookieName}, ${refreshName} (Path=/auth), XSRF-TOKEN\n` +
          `  POST /auth/refresh X-CSRF-Token: <XSRF-TOKEN>, Cookie: ${refreshName} -> the next cookies (or {"refreshToken"} -> the next TOKENS)\n` +
          `  POST /auth/logout  X-CSRF-Token: <XSRF-TOKEN>, Cookie: ${refreshName} -> 204, the cookies cleared\n` +
          '  POST /auth/tokens  X-API-Key: <key of jwt-hooks create-api-key>, {"userId"} -> tokens of a session of userId\n' +
          '  POST /auth/challenge {"publicKey","caps"?} -> {"challenge","expiresAt"}: sign the challenge with the key\n' +
          '  POST /auth/challenge/verify {"publicKey","challenge","signature"} -> tokens of a session of the key\n' +
          '  POST /auth/pubky   a Pubky AuthToken\'s bytes (application/octet-stream) -> tokens of a session of its key\n' +
          '  WS   /ws/userauth  Textile\'s loginWithChallenge: {"type":"token","pubkey"} ... -> {"type":"token","value":tokens}\n' +
          '  GET|POST /link/<channel>  the relay of Pubky\'s auth flow\n' +
          '  GET  /.well-known/jwks.json -> the public signing keys, for another service\'s jwksUrl\n' +
          `  GET  /api/me       Cookie: ${cookieName}=<token>\n` +
          `  GET  /api/admin    Cookie: ${cookieName}=<token> of a user with the permission admin\n` +
          '  GET  /api/hello    with or without the cookie\n',
      )
      const login = await post(`${url}/auth/login`, { body: { email: 'demo@example.com', password: match![1] } })
      const setCookies = (login.headers['set-cookie'] ?? []) as string[]
      expect(setCookies.map((line) => line.split('=', 1)[0])).toStrictEqual([cookieName, refreshName, 'XSRF-TOKEN'])
      const token = (login.body as { token: string }).token
      expect(judged(await get(`${url}/api/me`, { cookie: `${cookieName}=${token}` }))).toStrictEqual({
        status: 200,
        body: { id: 1, email: 'demo@example.com' },
        wwwAuthenticate: undefined,
      })
      expect(await demo.stop()).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
