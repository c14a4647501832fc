import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ConfigError } from '../../src/config/config-error'
import { readJwtConfig, resetJwtConfig } from '../../src/config/jwt-config'
import { loadConfig } from '../../src/config/load-config'
import { createDemoApp } from '../../src/demo/create-demo-app'
import { attempt, OK, REFUSED, tooMany, WRONG } from './support/attempts'
import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type LoginServer, type TestDatabase } from './support/login-server'

// Behind a reverse proxy every request comes from the proxy's address: without trusting it, all
// clients shared one address limit, and X-Forwarded-For was ignored without a word.

let db: TestDatabase
let server: LoginServer | undefined
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  resetJwtConfig()
  await db.drop()
})
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function behindProxy(trustProxy: string): Promise<LoginServer> {
  useJwtEnv(db.dir, { SETTINGS_JWT_TRUST_PROXY: trustProxy })
  server = await startLoginServer()
  return server
}

/** A login through the proxy at 127.0.0.1 for a client it names in X-Forwarded-For. */
const via = (s: LoginServer, forwardedFor: string, email: string, password: string) =>
  attempt(s, email, password, '127.0.0.1', { 'x-forwarded-for': forwardedFor })

describe('settings.jwt.trustProxy: the client address is read from X-Forwarded-For, as many hops as trusted', () => {
  test('1 (one proxy): clients behind it are throttled apart; an entry a client wrote itself is not believed', async () => {
    const s = await behindProxy('1')
    for (let i = 0; i < 5; i++) expect(await via(s, `198.51.100.${i}, 203.0.113.1`, `guess${i}@example.com`, WRONG)).toStrictEqual(REFUSED)
    expect(await via(s, '192.0.2.77, 203.0.113.1', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
    expect(await via(s, '203.0.113.2', ANN.email, ANN.password)).toStrictEqual(OK)
  })

  test('2 (two proxies): the entry two hops from the socket', async () => {
    const s = await behindProxy('2')
    for (let i = 0; i < 5; i++) await via(s, `203.0.113.1, 10.0.0.${i}`, `guess${i}@example.com`, WRONG)
    expect(await via(s, '192.0.2.1, 203.0.113.1, 10.0.0.9', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
    expect(await via(s, '203.0.113.1', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
    expect(await via(s, '203.0.113.2, 10.0.0.1', ANN.email, ANN.password)).toStrictEqual(OK)
  })

  test('true (every hop): the left-most entry', async () => {
    const s = await behindProxy('true')
    for (let i = 0; i < 5; i++) await via(s, `203.0.113.1, 10.0.0.${i}, 10.1.0.1`, `guess${i}@example.com`, WRONG)
    expect(await via(s, '203.0.113.1', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
    expect(await via(s, '203.0.113.2, 10.0.0.1', ANN.email, ANN.password)).toStrictEqual(OK)
  })

  test('an entry that is not an IP address is not believed: the walk stops before it', async () => {
    const s = await behindProxy('true')
    for (let i = 0; i < 5; i++) await via(s, `203.0.113.${i}, attacker-${i}`, `guess${i}@example.com`, WRONG)
    // Every one of them was the proxy's own address.
    expect(await attempt(s, ANN.email, ANN.password, '127.0.0.1')).toStrictEqual(tooMany(60))
  })

  test('IPv6 clients are grouped by /56: 5 failures from 5 different /64s of one /56 throttle the whole /56, and only it', async () => {
    const s = await behindProxy('1')
    for (let i = 0; i < 5; i++) expect(await via(s, `2001:db8:7:2${i}0::${i + 1}`, `guess${i}@example.com`, WRONG)).toStrictEqual(REFUSED)
    expect(await via(s, '2001:db8:7:2ff:dead:beef:1:2', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
    expect(await via(s, '2001:db8:7:300::1', ANN.email, ANN.password)).toStrictEqual(OK)
  })

  test('an IPv4-mapped IPv6 address is its IPv4 address', async () => {
    const s = await behindProxy('1')
    for (let i = 0; i < 5; i++) await via(s, i % 2 ? '::ffff:203.0.113.9' : '203.0.113.9', `guess${i}@example.com`, WRONG)
    expect(await via(s, '::ffff:203.0.113.9', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
  })

  test('a recognised address is a group too: a login from one /64 recognises its /56', async () => {
    const s = await behindProxy('1')
    expect(await via(s, '2001:db8:8:100::1', ANN.email, ANN.password)).toStrictEqual(OK)
    for (let i = 0; i < 5; i++) await via(s, `2001:db8:9:${i}00::1`, ANN.email, WRONG)
    expect(await via(s, '2001:db8:8:1ab::77', ANN.email, ANN.password)).toStrictEqual(OK)
    expect(await via(s, '2001:db8:8:200::1', ANN.email, ANN.password)).toStrictEqual(tooMany(60))
  })
})

describe('forwarding headers that are not trusted: said once in the log, names only', () => {
  test('trustProxy false (the default) and X-Forwarded-For, Forwarded, X-Real-IP: one warning for three requests, no header value in it', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const s = await behindProxy('false')
      await attempt(s, ANN.email, ANN.password, '127.0.0.1')
      await attempt(s, ANN.email, ANN.password, '127.0.0.1', { 'x-forwarded-for': '203.0.113.50', 'x-real-ip': '203.0.113.51' })
      await attempt(s, ANN.email, ANN.password, '127.0.0.1', { forwarded: 'for=203.0.113.52' })
      expect(warn.mock.calls).toStrictEqual([
        [
          'jwt-hooks: login requests carry forwarding headers (X-Forwarded-For, X-Real-IP) but "settings.jwt.trustProxy" is false, ' +
            "so the client address is the proxy's and every client behind it shares one login attempt limit. Set " +
            'SETTINGS_JWT_TRUST_PROXY (or "settings.jwt.trustProxy") to the number of proxies in front of the app. Said once.',
        ],
      ])
    } finally {
      warn.mockRestore()
    }
  })

  test('trusted X-Forwarded-For: no warning', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const s = await behindProxy('1')
      await via(s, '203.0.113.60', ANN.email, ANN.password)
      expect(warn.mock.calls).toStrictEqual([])
    } finally {
      warn.mockRestore()
    }
  })
})

describe('a trustProxy that is not true, false or a number of hops stops the app at startup, naming the key and where it was set', () => {
  const reason = 'must be true, false or the number of proxies to trust (a whole number)'
  test.each(['maybe', '-1', '1.5', 'yes', ' 1'])('SETTINGS_JWT_TRUST_PROXY=%j', async (value) => {
    useJwtEnv(db.dir, { SETTINGS_JWT_TRUST_PROXY: value })
    await expect(createDemoApp()).rejects.toThrow(
      new ConfigError('settings.jwt.trustProxy', 'environment variable SETTINGS_JWT_TRUST_PROXY', reason),
    )
    await expect(createDemoApp()).rejects.toThrow(`jwt-hooks: "settings.jwt.trustProxy" in environment variable SETTINGS_JWT_TRUST_PROXY: ${reason}`)
  })

  test.each([
    { text: '{"settings":{"jwt":{"trustProxy":-2}}}', ok: false },
    { text: '{"settings":{"jwt":{"trustProxy":"loopback"}}}', ok: false },
    { text: '{"settings":{"jwt":{"trustProxy":2}}}', ok: true },
  ])('config/default.json $text', ({ text, ok }) => {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-trust-'))
    try {
      mkdirSync(join(dir, 'config'))
      writeFileSync(join(dir, 'config', 'default.json'), text)
      const read = () => readJwtConfig(loadConfig({ cwd: dir, env: {} })).trustProxy
      if (ok) expect(read()).toBe(2)
      else expect(read).toThrow(`jwt-hooks: "settings.jwt.trustProxy" in config/default.json: ${reason}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test.each([
    ['true', true],
    ['false', false],
    ['0', false],
    ['3', 3],
  ])('SETTINGS_JWT_TRUST_PROXY=%s reads as %j', (value, expected) => {
    expect(readJwtConfig(loadConfig({ cwd: db.dir, env: { SETTINGS_JWT_TRUST_PROXY: value } })).trustProxy).toBe(expected)
  })
})
