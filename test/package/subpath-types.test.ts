import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

import { buildPackage, type BuiltPackage } from '../adapters/support/built-package'

// A TypeScript consumer of the built package, compiled with tsc under every module resolution a
// project may use: each import must find its types (not `any`: a misuse must fail to compile).
const ROOT = resolve(__dirname, '../..')
const pkg = require('../../package.json') as { exports: Record<string, unknown>; typesVersions?: Record<string, Record<string, string[]>> }

// `type` is the consumer's own package.json type: under node16/nodenext it makes index.ts ESM.
const MODES = {
  'node10 (module commonjs, the default resolution)': { module: 'commonjs', type: 'commonjs' },
  'node16, a CommonJS consumer': { module: 'node16', moduleResolution: 'node16', type: 'commonjs' },
  'nodenext, an ES module consumer': { module: 'nodenext', moduleResolution: 'nodenext', type: 'module' },
  bundler: { module: 'esnext', moduleResolution: 'bundler', type: 'module' },
}

// One use per subpath, typed, and one misuse each that must be refused.
const CONSUMER = `
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createAuthenticator, isInFile, JWTRequired, MemoryAttemptStore, MemorySessionStore, removeAuthCookies as removeFoalCookies, setAuthCookies as setFoalCookies, type AttemptStore, type JWTOptions, type SessionStore } from 'jwt-hooks'
import * as express from 'jwt-hooks/express'
import * as fastify from 'jwt-hooks/fastify'
import * as http from 'jwt-hooks/http'
import * as koa from 'jwt-hooks/koa'
import { createAuthenticator as createCore, createKeySet, isFailure, type KeyResolver, type VerifyOptions } from 'jwt-hooks/core'
import { createRedisStores, createSessions, redisConnectionOptions, type RedisSessionStore, type RedisStores, type Sessions as RedisSessions } from 'jwt-hooks/redis'

const options: JWTOptions = { blackList: isInFile('blacklist.txt'), cookie: true }
export const hook: unknown = JWTRequired(options)
export const authenticate = createAuthenticator(options)
export const middleware = express.jwtRequired(options)
export const preHandler = fastify.jwtOptional()
export const listener: (req: IncomingMessage, res: ServerResponse) => void = http.jwtRequired()((req, res) => res.end(String(req.user)))
export const koaMiddleware = koa.jwtRequired({ user: async (id) => ({ id }) })
export const attempts: AttemptStore = new MemoryAttemptStore({ maxKeys: 1000 })
export const sessions: SessionStore = new MemorySessionStore()
// @ts-expect-error cookie is a boolean
JWTRequired({ cookie: 'yes' })
// @ts-expect-error take counts under a list of keys
attempts.take('email:ann@example.com', 0)
// @ts-expect-error cookie is a boolean
express.jwtOptional({ cookie: 'yes' })
// @ts-expect-error blackList is a function of the token
fastify.jwtRequired({ blackList: ['revoked'] })
// @ts-expect-error the door wraps a handler
http.jwtOptional()(42)
// @ts-expect-error user loads by id
koa.jwtOptional({ user: 'users' })
// The cookie helpers of cookie mode, one per door's subpath (the root's are FoalTS's).
export const cookieSettings = express.createAuthCookieSettings({ cookieName: '__Host-auth', csrf: { secret: 'a secret' } })
export const setNodeCookies = (res: ServerResponse): void => http.setAuthCookies(res, { accessToken: 'a.b.c', refreshToken: 'r', sessionExpiresAt: 0 }, cookieSettings)
export const cookieHelpers = [express.removeAuthCookies, koa.setAuthCookies, koa.removeAuthCookies, fastify.setAuthCookies, fastify.removeAuthCookies, setFoalCookies, removeFoalCookies]
// @ts-expect-error sameSite is spelled as the configuration spells it: lax, strict or none
express.createAuthCookieSettings({ sameSite: 'Lax' })
// @ts-expect-error the tokens need the access token
http.setAuthCookies({} as ServerResponse, { refreshToken: 'r' })
const keys: KeyResolver = createKeySet({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'a' }] })
const verifyOptions: VerifyOptions = { algorithms: ['EdDSA'], audience: 'api' }
export const core = createCore({ keys }, verifyOptions)
export const refused = async () => {
  const outcome = await core({ headers: { authorization: 'Bearer x' }, method: 'GET', path: '/' })
  return isFailure(outcome) ? outcome.status : outcome.payload?.sub
}
// @ts-expect-error an algorithm jwt-hooks does not verify
createCore({ keys }, { algorithms: ['none'] })
// jwt-hooks/redis: the stores by URL or on a connection of the app's, and sessions on them.
type Redis = RedisStores['redis']
export const makeRedisStores = (client?: Redis): RedisStores => (client ? createRedisStores({ client, keyPrefix: 'shop:' }) : createRedisStores({ url: 'redis://127.0.0.1:6379' }))
export const redisSessions = (stores: RedisStores): RedisSessions => createSessions({ store: stores.sessions satisfies RedisSessionStore })
export const connectionOptions: { commandTimeout?: number } = redisConnectionOptions({ commandTimeoutMs: 500 })
// @ts-expect-error the key prefix is a string
createRedisStores({ url: 'redis://127.0.0.1:6379', keyPrefix: 1 })
// @ts-expect-error a client is an ioredis connection
createRedisStores({ client: 'redis://127.0.0.1:6379' })
`

// And every subpath of the exports map, so one added there (jwt-hooks/core, jwt-hooks/client) is
// compiled under each resolution too.
const SUBPATHS = Object.keys(pkg.exports).filter((path) => path !== '.' && path !== './package.json')
const EVERY_SUBPATH = SUBPATHS.map((path, i) => `import * as subpath${i} from 'jwt-hooks/${path.slice(2)}'\nexport const names${i}: string[] = Object.keys(subpath${i})\n`).join('')

let built: BuiltPackage
beforeAll(() => {
  built = buildPackage()
}, 120_000)
afterAll(() => built.remove())

async function compile({ type, ...mode }: Record<string, string>): Promise<string> {
  const dir = join(built.consumerDir, `${mode.module}-${type}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }))
  writeFileSync(join(dir, 'index.ts'), CONSUMER + EVERY_SUBPATH)
  const compilerOptions = {
    ...mode,
    target: 'ES2022',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }))
  // The consumer's own node_modules holds jwt-hooks; its frameworks come with the package's.
  const tsc = require.resolve('typescript/bin/tsc')
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: built.consumerDir })
    return 'compiled'
  } catch (error) {
    return (error as { stdout: string }).stdout.replaceAll(dir, '.').trim()
  }
}

describe('subpath types resolve under node10, node16, nodenext and bundler (no TS2307 for jwt-hooks/express)', () => {
  test.each(Object.entries(MODES))('%s', async (_name, mode) => {
    expect(await compile(mode)).toBe('compiled')
  }, 120_000)

  test('every subpath of the exports map has the same types under typesVersions (node10 reads only that)', () => {
    const subpaths = Object.entries(pkg.exports).filter(([path, target]) => path !== '.' && typeof target === 'object')
    const mapped = subpaths.map(([path, target]) => [path.slice(2), (pkg.typesVersions?.['*'] ?? {})[path.slice(2)]])
    expect(mapped).toStrictEqual(subpaths.map(([path, target]) => [path.slice(2), [(target as { types: string }).types.slice(2)]]))
  })
})
