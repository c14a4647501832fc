import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ConfigError } from '../../src/config/config-error'
import { readJwtConfig } from '../../src/config/jwt-config'
import { loadConfig } from '../../src/config/load-config'
import { exitWithin, startDemoProcess } from '../demo/support/demo-process'

// settings.jwt.redisUrl / SETTINGS_JWT_REDIS_URL and settings.jwt.redisKeyPrefix: read and
// checked once; a bad value is a ConfigError naming the key and where it was set, and never
// repeats the URL (it may hold a password).

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function folder(files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-redis-config-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'config'))
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value))
  return dir
}

const read = (env: Record<string, string>, cwd = folder()) => readJwtConfig(loadConfig({ cwd, env }))

function refusal(env: Record<string, string>, cwd?: string): unknown {
  try {
    read(env, cwd)
  } catch (error) {
    return { type: (error as Error).constructor, message: (error as Error).message }
  }
  throw new Error('accepted')
}

const SHAPE = 'must be a redis:// or rediss:// URL: redis://[user:password@]host[:port][/db]'

describe('settings.jwt.redisUrl', () => {
  test('unset: undefined, and no key prefix', () => {
    expect(read({})).toMatchObject({ redisUrl: undefined, redisKeyPrefix: undefined })
  })

  test.each([
    'redis://127.0.0.1:6379',
    'redis://127.0.0.1',
    'rediss://cache.example.com:6380/2',
    'redis://:s3cret@127.0.0.1:6379/0',
    'redis://app:s3cret@[::1]:6379',
  ])('%s is taken as it is', (url) => {
    expect(read({ SETTINGS_JWT_REDIS_URL: url }).redisUrl).toBe(url)
  })

  test.each([
    'http://user:s3cret@127.0.0.1:6379',
    '127.0.0.1:6379',
    'redis://user:s3cret@',
    'redis://user:s3cret@127.0.0.1:6379/cache',
    'redis://user:s3cret@127.0.0.1:6379/0?password=s3cret',
  ])('%s: a ConfigError naming the variable, without the URL', (url) => {
    expect(refusal({ SETTINGS_JWT_REDIS_URL: url })).toStrictEqual({
      type: ConfigError,
      message: `jwt-hooks: "settings.jwt.redisUrl" in environment variable SETTINGS_JWT_REDIS_URL: ${SHAPE}`,
    })
  })

  test('in config/default.json, a number: the error names the file', () => {
    const cwd = folder({ 'config/default.json': { settings: { jwt: { redisUrl: 6379 } } } })
    expect(refusal({}, cwd)).toStrictEqual({ type: ConfigError, message: `jwt-hooks: "settings.jwt.redisUrl" in config/default.json: ${SHAPE}` })
  })

  test('empty: an error, not "unset"', () => {
    expect(refusal({ SETTINGS_JWT_REDIS_URL: ' ' })).toStrictEqual({
      type: ConfigError,
      message: 'jwt-hooks: "settings.jwt.redisUrl" in environment variable SETTINGS_JWT_REDIS_URL: is empty: give it a value, or remove it',
    })
  })
})

describe('settings.jwt.redisKeyPrefix', () => {
  test('taken as it is', () => {
    expect(read({ SETTINGS_JWT_REDIS_URL: 'redis://127.0.0.1', SETTINGS_JWT_REDIS_KEY_PREFIX: 'shop:' }).redisKeyPrefix).toBe('shop:')
  })

  test('longer than 100 characters: a ConfigError', () => {
    expect(refusal({ SETTINGS_JWT_REDIS_KEY_PREFIX: 'x'.repeat(101) })).toStrictEqual({
      type: ConfigError,
      message: 'jwt-hooks: "settings.jwt.redisKeyPrefix" in environment variable SETTINGS_JWT_REDIS_KEY_PREFIX: must be a string of 1 to 100 characters',
    })
  })
})

describe('the demo with a bad redisUrl', () => {
  test('does not start; the message names the key and the variable, never the password', async () => {
    const cwd = folder()
    const demo = startDemoProcess(cwd, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a-demo-secret-of-at-least-thirty-two-bytes!', SETTINGS_JWT_REDIS_URL: 'http://app:s3cret@127.0.0.1:6379' })
    expect(await exitWithin(demo)).toBe(1)
    expect({ stdout: demo.stdout(), stderr: demo.stderr() }).toStrictEqual({
      stdout: '',
      stderr: `jwt-hooks demo: cannot start.\njwt-hooks: "settings.jwt.redisUrl" in environment variable SETTINGS_JWT_REDIS_URL: ${SHAPE}\n`,
    })
  })

  test('a Redis nobody answers on: the demo does not start, and says why without the password', async () => {
    const cwd = folder()
    // Port 1: nothing listens there, the connection is refused at once.
    const demo = startDemoProcess(cwd, { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a-demo-secret-of-at-least-thirty-two-bytes!', SETTINGS_JWT_REDIS_URL: 'redis://app:s3cret@127.0.0.1:1' })
    expect(await exitWithin(demo)).toBe(1)
    expect(demo.stdout()).toBe('')
    expect(demo.stderr()).toMatch(/^jwt-hooks: Redis is unreachable \(connect ECONNREFUSED 127\.0\.0\.1:1\); sign-in, refresh, logout and minting answer 503 until it is back\njwt-hooks demo: cannot start\.\nconnect ECONNREFUSED 127\.0\.0\.1:1\n$/)
    expect(demo.stderr().includes('s3cret')).toBe(false)
  })
})
