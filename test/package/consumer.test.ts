import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '../..')

/** Runs a script in a fresh node process from a folder where jwt-hooks is an installed package. */
function runAsConsumer(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-consumer-'))
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(root, join(dir, 'node_modules', 'jwt-hooks'), 'dir')
  return execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }).trim()
}

beforeAll(() => {
  // `npm test` builds first (pretest); build here too when run on its own.
  if (!existsSync(join(root, 'dist/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' })
}, 120_000)

describe('the built package, required from another folder', () => {
  test('exports exactly the names DESIGN.md lists', () => {
    const names = runAsConsumer("console.log(Object.keys(require('jwt-hooks')).sort().join(','))")
    expect(names.split(',')).toStrictEqual([
      'ApiKeyExistsError',
      'AuthCookieSettings',
      'Group',
      'JWTOptional',
      'JWTRequired',
      'JwksController',
      'KeyIdentity',
      'KeySignIn',
      'KeySignInController',
      'LoginAttempts',
      'LoginController',
      'MemoryApiKeyStore',
      'MemoryAttemptStore',
      'MemoryChallengeStore',
      'MemorySessionStore',
      'Permission',
      'PermissionRequired',
      'STORE_ENTITIES',
      'Sessions',
      'StoreLimitError',
      'StoreUnavailableError',
      'TokensController',
      'TypeormApiKeyStore',
      'TypeormChallengeStore',
      'TypeormSessionStore',
      'User',
      'UserWithPermissions',
      'createAuthCookieSettings',
      'createAuthEndpoints',
      'createAuthenticator',
      'createChallengeEndpoints',
      'createKeySignIn',
      'createLinkRelay',
      'createSessions',
      'createSignInStores',
      'createStoreDataSource',
      'createUserAuthSocket',
      'fetchUser',
      'fetchUserWithPermissions',
      'isInFile',
      'parseJsonBody',
      'removeAuthCookies',
      'setAuthCookies',
      'validateCapabilities',
    ])
  })

  test('the stores from the package root are the ones the login and the stores folder use', () => {
    const script = `
      const root = require('jwt-hooks')
      // The exports map hides dist/: the same files, by path (node_modules/jwt-hooks is a link to them).
      const stores = require(${JSON.stringify(join(root, 'dist/stores'))})
      const typeormStores = require(${JSON.stringify(join(root, 'dist/stores/typeorm'))})
      const { LoginAttempts } = require(${JSON.stringify(join(root, 'dist/login/login-attempts.service'))})
      const same = (names, from) => names.map((name) => root[name] === from[name])
      console.log(JSON.stringify({
        memory: same(['MemoryAttemptStore', 'MemorySessionStore', 'MemoryChallengeStore', 'MemoryApiKeyStore', 'StoreLimitError', 'ApiKeyExistsError'], stores),
        typeorm: same(['TypeormSessionStore', 'TypeormChallengeStore', 'TypeormApiKeyStore', 'STORE_ENTITIES'], typeormStores),
        loginAttempts: root.LoginAttempts === LoginAttempts,
        defaultAttemptStore: new root.LoginAttempts().store instanceof root.MemoryAttemptStore,
      }))
    `
    expect(JSON.parse(runAsConsumer(script))).toStrictEqual({
      memory: [true, true, true, true, true, true],
      typeorm: [true, true, true, true],
      loginAttempts: true,
      defaultAttemptStore: true,
    })
  })

  test('createAuthenticator from the package answers a table row', () => {
    const script = `
      const { createAuthenticator } = require('jwt-hooks')
      const authenticate = createAuthenticator({ secretOrPublicKey: 'a-secret-of-at-least-thirty-two-bytes!!' })
      authenticate({ header: () => 'Bearer abc', cookie: () => undefined })
        .then((r) => console.log(JSON.stringify({ status: r.status, body: r.body, headers: r.headers })))
    `
    expect(JSON.parse(runAsConsumer(script))).toStrictEqual({
      status: 401,
      body: { code: 'invalid_token', description: 'jwt malformed' },
      headers: { 'WWW-Authenticate': 'error="invalid_token", error_description="jwt malformed"' },
    })
  })

  test('types are published beside the code', () => {
    const pkg = require(join(root, 'package.json'))
    expect([pkg.main, pkg.types, pkg.exports['.'].default, pkg.exports['.'].types]).toStrictEqual([
      'dist/index.js',
      'dist/index.d.ts',
      './dist/index.js',
      './dist/index.d.ts',
    ])
    expect(existsSync(join(root, 'dist/index.d.ts'))).toBe(true)
  })
})
