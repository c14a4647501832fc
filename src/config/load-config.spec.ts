import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ConfigError } from './config-error'
import { readJwtConfig } from './jwt-config'
import { loadConfig, toEnvName } from './load-config'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-load-config-'))
  mkdirSync(join(dir, 'config'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('toEnvName', () => {
  test.each([
    ['settings.jwt.secretOrPublicKey', 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY'],
    ['settings.jwt.cookieName', 'SETTINGS_JWT_COOKIE_NAME'],
    ['settings.jwt.expiresIn', 'SETTINGS_JWT_EXPIRES_IN'],
  ])('%s → %s', (key, name) => expect(toEnvName(key)).toBe(name))
})

describe('loadConfig', () => {
  test('NODE_ENV picks the file; .yml before .yaml before .json; default last', () => {
    const cwd = project({
      'config/production.yaml': 'settings:\n  a: prod-yaml\n  b: prod-yaml\n',
      'config/production.yml': 'settings:\n  a: prod-yml\n',
      'config/default.json': '{"settings":{"a":"default","b":"default","c":"default"}}',
    })
    const config = loadConfig({ cwd, env: { NODE_ENV: 'production' } })
    expect(config.get('settings.a')).toStrictEqual({ value: 'prod-yml', source: join('config', 'production.yml') })
    expect(config.get('settings.b')).toStrictEqual({ value: 'prod-yaml', source: join('config', 'production.yaml') })
    expect(config.get('settings.c')).toStrictEqual({ value: 'default', source: join('config', 'default.json') })
    expect(config.get('settings.d')).toBeUndefined()
  })

  test('NODE_ENV defaults to development', () => {
    const cwd = project({ 'config/development.json': '{"settings":{"a":1}}' })
    expect(loadConfig({ cwd, env: {} }).get('settings.a')).toStrictEqual({ value: 1, source: join('config', 'development.json') })
  })

  test('a YAML syntax error names the file', () => {
    const cwd = project({ 'config/default.yml': 'settings:\n  jwt: [unclosed\n' })
    expect(() => loadConfig({ cwd, env: {} })).toThrow(ConfigError)
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/^jwt-hooks: config\/default\.yml: invalid YAML: /)
  })

  test('a JSON syntax error names the file', () => {
    const cwd = project({ 'config/test.json': '{"settings": ' })
    expect(() => loadConfig({ cwd, env: { NODE_ENV: 'test' } })).toThrow(/^jwt-hooks: config\/test\.json: invalid JSON: /)
  })

  test('a bad .env line names the file and line', () => {
    const cwd = project({ '.env': 'A=1\noops\n' })
    expect(() => loadConfig({ cwd, env: {} })).toThrow(new ConfigError(undefined, '.env', 'line 2 is not KEY=value'))
  })
})

describe('readJwtConfig', () => {
  test('defaults', () => {
    const cwd = project({})
    expect(readJwtConfig(loadConfig({ cwd, env: {} }))).toStrictEqual({
      secretOrPublicKey: undefined,
      secretOrPublicKeySource: undefined,
      keys: undefined,
      keysSource: undefined,
      jwksUrl: undefined,
      jwksUrlSource: undefined,
      privateKey: undefined,
      algorithm: undefined,
      cookieName: 'auth',
      cookie: false,
      cookieSecure: false,
      cookieSameSite: 'lax',
      csrf: false,
      expiresIn: '1h',
      refreshExpiresIn: '7d',
      issuer: undefined,
      audience: undefined,
      mintRateLimit: 600,
      challengeTtl: '5m',
      blackListFile: 'blacklist.txt',
      trustProxy: false,
      redisUrl: undefined,
      redisKeyPrefix: undefined,
    })
  })

  test('a value of the wrong type names the key and the file', () => {
    const cwd = project({ 'config/default.yml': 'settings:\n  jwt:\n    cookieName: 42\n' })
    expect(() => readJwtConfig(loadConfig({ cwd, env: {} }))).toThrow(
      'jwt-hooks: "settings.jwt.cookieName" in config/default.yml: must be a string',
    )
  })

  test('settings.jwt.csrf is on by default in cookie mode only, and settings.jwt.cookieSameSite takes lax, strict or none in any case', () => {
    const cwd = project({})
    const read = (env: Record<string, string>) => {
      const config = readJwtConfig(loadConfig({ cwd, env }))
      return { csrf: config.csrf, cookieSameSite: config.cookieSameSite }
    }
    expect(read({ SETTINGS_JWT_COOKIE: 'true' })).toStrictEqual({ csrf: true, cookieSameSite: 'lax' })
    expect(read({ SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_CSRF: 'false' })).toStrictEqual({ csrf: false, cookieSameSite: 'lax' })
    expect(read({ SETTINGS_JWT_CSRF: 'true', SETTINGS_JWT_COOKIE_SAME_SITE: 'Strict' })).toStrictEqual({ csrf: true, cookieSameSite: 'strict' })
    expect(read({ SETTINGS_JWT_COOKIE_SAME_SITE: 'none' })).toStrictEqual({ csrf: false, cookieSameSite: 'none' })
    expect(() => read({ SETTINGS_JWT_COOKIE_SAME_SITE: 'sometimes' })).toThrow(
      new ConfigError('settings.jwt.cookieSameSite', 'environment variable SETTINGS_JWT_COOKIE_SAME_SITE', 'must be "lax", "strict" or "none"'),
    )
    expect(() => read({ SETTINGS_JWT_CSRF: 'on' })).toThrow(
      new ConfigError('settings.jwt.csrf', 'environment variable SETTINGS_JWT_CSRF', 'must be true or false'),
    )
  })

  test('env strings become booleans and numbers', () => {
    const cwd = project({})
    const env = { SETTINGS_JWT_COOKIE: 'true', SETTINGS_JWT_EXPIRES_IN: '600' }
    const config = readJwtConfig(loadConfig({ cwd, env }))
    expect([config.cookie, config.expiresIn]).toStrictEqual([true, 600])
    expect(() => readJwtConfig(loadConfig({ cwd, env: { SETTINGS_JWT_COOKIE: 'yes' } }))).toThrow(
      'jwt-hooks: "settings.jwt.cookie" in environment variable SETTINGS_JWT_COOKIE: must be true or false',
    )
  })
})
