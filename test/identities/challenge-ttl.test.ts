import { resetJwtConfig } from '../../src/config/jwt-config'
import { createKeySignIn } from '../../src/login/key-sign-in/key-sign-in'
import { parsePublicKey } from '../../src/login/identity/parse-public-key'

// settings.jwt.challengeTtl (SETTINGS_JWT_CHALLENGE_TTL), read once when the sign-in is made.

const KEY = parsePublicKey('8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo')
const NOW = Date.UTC(2030, 0, 1)

afterEach(() => {
  delete process.env.SETTINGS_JWT_CHALLENGE_TTL
  delete process.env.SETTINGS_JWT_TRUST_PROXY
  resetJwtConfig()
})

async function expiryWith(env: string | undefined, option?: string | number): Promise<string> {
  if (env !== undefined) process.env.SETTINGS_JWT_CHALLENGE_TTL = env
  resetJwtConfig()
  const signIn = createKeySignIn({ host: 'example.com', clock: () => NOW, sweepInterval: false, ...(option === undefined ? {} : { challengeTtl: option }) })
  const issued = await signIn.issue(KEY, '', 'example.com')
  if ('refused' in issued) throw new Error(issued.refused)
  return issued.expiresAt.toISOString()
}

test('5 minutes by default; SETTINGS_JWT_CHALLENGE_TTL=90s or 600; the challengeTtl option wins', async () => {
  expect(await expiryWith(undefined)).toBe('2030-01-01T00:05:00.000Z')
  expect(await expiryWith('90s')).toBe('2030-01-01T00:01:30.000Z')
  expect(await expiryWith('600')).toBe('2030-01-01T00:10:00.000Z')
  expect(await expiryWith('600', '1m')).toBe('2030-01-01T00:01:00.000Z')
})

test('a bad value stops the setup: ConfigError naming the key and the variable; a bad option a TypeError naming it', () => {
  process.env.SETTINGS_JWT_CHALLENGE_TTL = 'soon'
  resetJwtConfig()
  expect(() => createKeySignIn({ host: 'example.com' })).toThrow('jwt-hooks: "settings.jwt.challengeTtl" in environment variable SETTINGS_JWT_CHALLENGE_TTL: must be a number of seconds or a duration such as "1h"')
  expect(() => createKeySignIn({ host: 'example.com', challengeTtl: 0 })).toThrow(new TypeError('jwt-hooks: "challengeTtl" must be a number of seconds >= 1 or a duration such as "5m"'))
})

test("another key's ConfigError is not hidden behind challengeTtl's (the configuration is read as it is)", () => {
  process.env.SETTINGS_JWT_TRUST_PROXY = 'maybe'
  resetJwtConfig()
  expect(() => createKeySignIn({ host: 'example.com' })).toThrow('jwt-hooks: "settings.jwt.trustProxy" in environment variable SETTINGS_JWT_TRUST_PROXY: must be true, false or the number of proxies to trust (a whole number)')
})

test('no host and no trustHostHeader: a TypeError at setup', () => {
  expect(() => createKeySignIn({})).toThrow(new TypeError('jwt-hooks: key sign-in needs "host" (the host every challenge names) or "trustHostHeader: true" (name the request\'s Host header)'))
})
