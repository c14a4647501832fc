import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { Config } from '@foal/core'

import { ConfigError } from '../../src/config/config-error'
import { readJwtConfig, resetJwtConfig } from '../../src/config/jwt-config'
import { loadConfig } from '../../src/config/load-config'
import { runCli } from '../cli/support/run-cli'
import { DOORS } from '../conformance/doors'
import { SECRET } from '../support/keys'

const home = process.cwd()
const dirs: string[] = []

// FoalTS's own log settings, which it reads from config/ only; no settings.jwt key.
const FOAL_QUIET = JSON.stringify({ settings: { loggerFormat: 'none', logger: { format: 'none' } } })

/** A fresh project folder holding `files` (and FoalTS's log settings in config/default.json). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-empty-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries({ 'config/default.json': FOAL_QUIET, ...files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

afterEach(() => {
  process.chdir(home)
  delete process.env.SETTINGS_JWT_SECRET_OR_PUBLIC_KEY
  resetJwtConfig()
  Config.clearCache()
})
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** What starting the door did: the ConfigError it threw, or `started`. */
async function startup(door: (typeof DOORS)[number]): Promise<unknown> {
  try {
    const server = await door.start([{ path: '/me', mode: 'required', options: {} }])
    await server.close()
    return 'started'
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return { type: error.name, message: error.message, key: error.key, file: error.file }
  }
}

describe('an empty SETTINGS_JWT_SECRET_OR_PUBLIC_KEY= no longer shadows .env and config/: startup fails naming the variable', () => {
  test.each(DOORS)('door $name', async (door) => {
    process.chdir(project({ '.env': `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=${SECRET}\n`, 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: ${SECRET}\n` }))
    process.env.SETTINGS_JWT_SECRET_OR_PUBLIC_KEY = ''
    resetJwtConfig()
    expect(await startup(door)).toStrictEqual({
      type: 'ConfigError',
      message: 'jwt-hooks: "settings.jwt.secretOrPublicKey" in environment variable SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: is empty: give it a value, or remove it',
      key: 'settings.jwt.secretOrPublicKey',
      file: 'environment variable SETTINGS_JWT_SECRET_OR_PUBLIC_KEY',
    })
  })
})

const KEYS = [
  ['settings.jwt.secretOrPublicKey', 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY', 'secretOrPublicKey'],
  ['settings.jwt.cookieName', 'SETTINGS_JWT_COOKIE_NAME', 'cookieName'],
  ['settings.jwt.privateKey', 'SETTINGS_JWT_PRIVATE_KEY', 'privateKey'],
  ['settings.jwt.algorithm', 'SETTINGS_JWT_ALGORITHM', 'algorithm'],
  ['settings.jwt.expiresIn', 'SETTINGS_JWT_EXPIRES_IN', 'expiresIn'],
  ['settings.jwt.cookie', 'SETTINGS_JWT_COOKIE', 'cookie'],
  ['settings.jwt.cookieSecure', 'SETTINGS_JWT_COOKIE_SECURE', 'cookieSecure'],
  ['settings.jwt.cookieSameSite', 'SETTINGS_JWT_COOKIE_SAME_SITE', 'cookieSameSite'],
  ['settings.jwt.csrf', 'SETTINGS_JWT_CSRF', 'csrf'],
  ['settings.jwt.blackListFile', 'SETTINGS_JWT_BLACK_LIST_FILE', 'blackListFile'],
] as const

// Each way of writing a key with nothing in it (files: the NODE_ENV layer, above config/default),
// and where the message says it is.
const LAYERS = [
  { layer: 'the environment', files: () => ({}), env: (name: string) => ({ [name]: '' }), source: (name: string) => `environment variable ${name}` },
  { layer: 'the environment, blanks only', files: () => ({}), env: (name: string) => ({ [name]: '  ' }), source: (name: string) => `environment variable ${name}` },
  { layer: '.env', files: (name: string) => ({ '.env': `${name}=\n` }), env: () => ({}), source: (name: string) => `.env (${name})` },
  { layer: 'YAML, no value', files: (_: string, leaf: string) => ({ 'config/test.yml': `settings:\n  jwt:\n    ${leaf}:\n` }), env: () => ({}), source: () => 'config/test.yml' },
  { layer: 'YAML, empty quotes', files: (_: string, leaf: string) => ({ 'config/test.yaml': `settings:\n  jwt:\n    ${leaf}: ""\n` }), env: () => ({}), source: () => 'config/test.yaml' },
  { layer: 'JSON null', files: (_: string, leaf: string) => ({ 'config/test.json': JSON.stringify({ settings: { jwt: { [leaf]: null } } }) }), env: () => ({}), source: () => 'config/test.json' },
  { layer: 'JSON ""', files: (_: string, leaf: string) => ({ 'config/test.json': JSON.stringify({ settings: { jwt: { [leaf]: '' } } }) }), env: () => ({}), source: () => 'config/test.json' },
]

describe('every settings.jwt key set but empty is a ConfigError naming the key and where it is set', () => {
  test.each(KEYS.flatMap(([key, name, leaf]) => LAYERS.map((l) => ({ key, name, leaf, ...l }))))('$key in $layer', ({ key, name, leaf, files, env, source }) => {
    // A real value below the empty one: the empty one must not hide it silently.
    const cwd = project({ ...files(name, leaf), 'config/default.yml': `settings:\n  jwt:\n    ${leaf}: ${leaf === 'expiresIn' ? '1h' : leaf === 'cookieSameSite' ? 'strict' : leaf === 'csrf' || (leaf.startsWith('cookie') && leaf !== 'cookieName') ? 'true' : 'value'}\n` })
    expect(() => readJwtConfig(loadConfig({ cwd, env: { NODE_ENV: 'test', ...env(name) } }))).toThrow(
      new ConfigError(key, source(name), 'is empty: give it a value, or remove it'),
    )
  })
})

describe('createsecret --save and an empty key line in .env', () => {
  test('with no key below it, --save gives it a value (its appended line wins)', async () => {
    const cwd = project({ '.env': 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=\n' })
    expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual({
      code: 0,
      stdout: 'Wrote a new secret to .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY).\n',
      stderr: '',
    })
    expect(readJwtConfig(loadConfig({ cwd, env: {} })).secretOrPublicKeySource).toBe('.env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY)')
  })

  test('hiding a key in config/, --save writes nothing and names the empty line: exit 1', async () => {
    const cwd = project({ '.env': 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=\n', 'config/default.json': JSON.stringify({ settings: { jwt: { secretOrPublicKey: SECRET } } }) })
    expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: 'jwt-hooks: "settings.jwt.secretOrPublicKey" in .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY): is empty: give it a value, or remove it\n',
    })
  })
})
