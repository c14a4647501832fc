import { buildPackage, runNode, type BuiltPackage } from './support/built-package'

// Nothing imports adapters/, and a door names its framework by `import type` only: requiring
// one subpath loads no framework at all (not even FoalTS), and the root loads none beyond what
// @foal/core itself needs (express, and cookie-parser for its createApp). No entry point loads
// the Redis client: the Redis stores require it when they are created.
const FRAMEWORKS = ['@foal/core', 'express', 'express4', 'koa', 'fastify', '@fastify/cookie', 'cookie-parser', 'ioredis']
const pkg = require('../../package.json') as {
  exports: Record<string, unknown>
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
}
const SUBPATHS = Object.keys(pkg.exports)
  .filter((path) => path !== '.' && path !== './package.json')
  .map((path) => `jwt-hooks/${path.slice(2)}`)

// What a door loads: jsonwebtoken (the verifier) with its own dependencies, and yaml (config/).
const DOOR_PACKAGES = {
  requiredByUs: ['jsonwebtoken', 'yaml'],
  loaded: [
    'ecdsa-sig-formatter',
    'jsonwebtoken',
    'jwa',
    'jws',
    'lodash.includes',
    'lodash.isboolean',
    'lodash.isinteger',
    'lodash.isnumber',
    'lodash.isplainobject',
    'lodash.isstring',
    'lodash.once',
    'ms',
    'safe-buffer',
    'semver',
    'yaml',
  ],
}

interface Loaded {
  /** Every package in require.cache. */
  loaded: string[]
  /** The packages one of our own files required itself. */
  requiredByUs: string[]
}

/** Requires one entry point in a fresh process and reports, from require.cache, which packages it loaded. */
function loadedBy(built: BuiltPackage, entry: string): Loaded {
  const script = `
    require(${JSON.stringify(entry)})
    const packageOf = (file) => {
      const parts = file.split('/node_modules/')
      if (parts.length === 1) return null
      const segments = parts[parts.length - 1].split('/')
      return segments[0].startsWith('@') ? segments[0] + '/' + segments[1] : segments[0]
    }
    const loaded = new Set()
    const requiredByUs = new Set()
    for (const [file, mod] of Object.entries(require.cache)) {
      const name = packageOf(file)
      if (name !== null) loaded.add(name)
      else for (const child of mod.children) if (packageOf(child.filename) !== null) requiredByUs.add(packageOf(child.filename))
    }
    console.log(JSON.stringify({ loaded: [...loaded].sort(), requiredByUs: [...requiredByUs].sort() }))
  `
  return JSON.parse(runNode(built, script))
}

let built: BuiltPackage
beforeAll(() => {
  built = buildPackage()
}, 120_000)
afterAll(() => built?.remove())

describe('require.cache after requiring one entry point of the built package', () => {
  test.each(['jwt-hooks/express', 'jwt-hooks/koa', 'jwt-hooks/fastify', 'jwt-hooks/http'])('%s loads jsonwebtoken and yaml, and no framework', (entry) => {
    expect(loadedBy(built, entry)).toStrictEqual(DOOR_PACKAGES)
  })

  // The cookie helpers ride on each door's subpath: using them loads no framework either.
  test.each(['jwt-hooks/express', 'jwt-hooks/koa', 'jwt-hooks/fastify', 'jwt-hooks/http'])('%s gives setAuthCookies, removeAuthCookies and createAuthCookieSettings; using them loads no framework', (entry) => {
    const script = `
      const door = require(${JSON.stringify(entry)})
      const { IncomingMessage, ServerResponse } = require('node:http')
      const { Socket } = require('node:net')
      const settings = door.createAuthCookieSettings({ csrf: { secret: 'a secret' } })
      const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
      const accessToken = [part({ alg: 'HS256' }), part({ sub: '1', sid: 's', exp: 2000000000 }), 'c2ln'].join('.')
      const res = new ServerResponse(new IncomingMessage(new Socket()))
      // Koa's and Fastify's take their own context; the node one is what Express and node:http share.
      const nodeHelpers = ${JSON.stringify(entry)}.endsWith('/express') || ${JSON.stringify(entry)}.endsWith('/http')
      if (nodeHelpers) door.setAuthCookies(res, { accessToken, refreshToken: 'cmVmcmVzaA', sessionExpiresAt: 2000000000000 }, settings)
      const frameworks = ${JSON.stringify(FRAMEWORKS)}.filter((name) => Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/')))
      console.log(JSON.stringify({
        helpers: [typeof door.setAuthCookies, typeof door.removeAuthCookies, typeof door.createAuthCookieSettings],
        names: nodeHelpers ? res.getHeader('set-cookie').map((line) => line.slice(0, line.indexOf('='))) : ['auth', 'auth_refresh', 'XSRF-TOKEN'],
        frameworks,
      }))
    `
    expect(JSON.parse(runNode(built, script))).toStrictEqual({ helpers: ['function', 'function', 'function'], names: ['auth', 'auth_refresh', 'XSRF-TOKEN'], frameworks: [] })
  })

  // Pay for what you use: an entry other than the root must work with the optional peers absent.
  test.each(SUBPATHS)('%s requires only dependencies, and loads no optional peer (FoalTS, TypeORM, a framework)', (entry) => {
    const { loaded, requiredByUs } = loadedBy(built, entry)
    expect({
      notADependency: requiredByUs.filter((name) => !(name in pkg.dependencies)),
      optionalPeers: loaded.filter((name) => name in pkg.peerDependencies),
    }).toStrictEqual({ notADependency: [], optionalPeers: [] })
  })

  test('jwt-hooks/core loads no framework, no TypeORM, no database driver, no configuration layer: only core files of ours', () => {
    const script = `
      require('jwt-hooks/core')
      const files = Object.keys(require.cache)
      const packages = new Set(files.filter((file) => file.includes('/node_modules/')).map((file) => {
        const segments = file.split('/node_modules/').pop().split('/')
        return segments[0].startsWith('@') ? segments[0] + '/' + segments[1] : segments[0]
      }))
      const ours = files.filter((file) => !file.includes('/node_modules/')).map((file) => file.slice(file.indexOf('/dist/') + 1))
      console.log(JSON.stringify({ packages: [...packages].sort(), outsideCore: ours.filter((file) => !file.startsWith('dist/core/')) }))
    `
    const { packages, outsideCore } = JSON.parse(runNode(built, script)) as { packages: string[]; outsideCore: string[] }
    const heavy = ['@foal/core', 'typeorm', 'sqlite3', 'pg', 'ioredis', 'reflect-metadata', 'class-validator', 'class-transformer', 'yaml', 'yamljs', ...FRAMEWORKS]
    expect({ heavy: packages.filter((name) => heavy.includes(name)), outsideCore }).toStrictEqual({ heavy: [], outsideCore: [] })
  })

  // The Redis stores' entry: no FoalTS, no TypeORM; ioredis only once a connection is made.
  test('jwt-hooks/redis loads no FoalTS, TypeORM or database driver; ioredis is loaded by createRedisStores, not by the require', async () => {
    const script = `
      const heavy = ${JSON.stringify([...new Set(['@foal/core', 'typeorm', 'sqlite3', 'pg', 'reflect-metadata', 'class-validator', 'class-transformer', ...FRAMEWORKS])])}
      const loaded = () => heavy.filter((name) => Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/')))
      const redis = require('jwt-hooks/redis')
      const before = loaded()
      const stores = redis.createRedisStores({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 50 })
      const after = loaded()
      const sessions = redis.createSessions({ store: stores.sessions, signer: false, sweepInterval: false })
      sessions.close()
      stores.close().then(() => console.log(JSON.stringify({ before, after, exports: ['createRedisStores', 'createSessions', 'RedisSessionStore', 'RedisReplayGuard'].map((name) => typeof redis[name]) })))
    `
    expect(JSON.parse(runNode(built, script))).toStrictEqual({ before: [], after: ['ioredis'], exports: ['function', 'function', 'function', 'function'] })
  })

  // requiredByUs is not empty here: the probe does see what our own files require.
  test('jwt-hooks requires FoalTS, TypeORM and the packages they need itself; express and cookie-parser come only through @foal/core; no koa or fastify', () => {
    const { loaded, requiredByUs } = loadedBy(built, 'jwt-hooks')
    expect({ requiredByUs, frameworks: loaded.filter((name) => FRAMEWORKS.includes(name)) }).toStrictEqual({
      requiredByUs: ['@foal/core', 'class-transformer', 'class-validator', 'jsonwebtoken', 'reflect-metadata', 'typeorm', 'yaml'],
      frameworks: ['@foal/core', 'cookie-parser', 'express'],
    })
  })
})
