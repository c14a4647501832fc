import { createAuthenticator } from '../../src'
import { createAuthenticator as createCoreAuthenticator } from '../../src/core/pipeline/create-authenticator'
import { Failure, type AuthSuccess, type JWTOptions, type VerifyOptions } from '../../src/core/types'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { ok } from '../support/answers'
import { send } from '../support/http'
import { KEY_KINDS, NOW, tokenFor } from '../support/keys'

// The verified-token cache handed every request with the same token the same payload object: a
// handler that set `req.user.role = 'admin'` once made every later request with that token an
// admin. Each request now gets a copy of its own, nested claims included; nothing is frozen, so
// a handler may still change its own.

const CLAIMS = { sub: '1', aud: 'api', role: 'user', perms: ['read'], org: { id: 'o1', teams: [{ name: 'a', roles: ['member'] }] } }

/** A handler that does everything a handler may do to req.user. */
function meddle(user: any): void {
  user.role = 'admin'
  user.admin = true
  user.perms.push('write')
  user.org.id = 'evil'
  user.org.teams[0].roles.push('owner')
  user.org.teams.push({ name: 'b', roles: [] })
  delete user.sub
}

const ROUTES: RouteSpec[] = KEY_KINDS.flatMap((kind) => [
  { path: `/${kind.name}`, mode: 'required' as const, options: { secretOrPublicKey: kind.verifyKey }, touch: meddle },
  { path: `/${kind.name}/optional`, mode: 'optional' as const, options: { secretOrPublicKey: kind.verifyKey }, touch: meddle },
])

describe.each(DOORS)("cached payload isolation: a handler's change to req.user is not seen by the next request with the same token, door $name", (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(ROUTES.map((route) => route.path))('%s', async (path) => {
    const token = tokenFor(KEY_KINDS.find((kind) => path.startsWith(`/${kind.name}`))!, CLAIMS)
    const expected = ok({ iat: NOW - 10, exp: NOW + 3600, ...CLAIMS })
    // A token is kept from its second verify: the third request is the cache's first answer, the
    // fourth its first after a handler changed a user it handed out.
    for (let i = 0; i < 4; i++) expect(await send(server.url + path, { authorization: `Bearer ${token}` })).toStrictEqual(expected)
  })
})

// The same through the node:http-free authenticators: their `payload` and `user`, with and
// without a user loader, and on every verify path the cache keeps answers from.
describe('cached payload isolation: createAuthenticator hands each call its own payload', () => {
  const [HS, RS] = KEY_KINDS
  const PATHS: [string, JWTOptions, VerifyOptions | undefined, (typeof KEY_KINDS)[number]][] = [
    ['node:crypto, local claims', { secretOrPublicKey: HS.verifyKey }, undefined, HS],
    ['node:crypto, PS256', { secretOrPublicKey: RS.verifyKey }, undefined, RS],
    // An audience pattern of a RegExp subclass, which the local claims check leaves to jsonwebtoken.
    ['node:crypto, jsonwebtoken claims', { secretOrPublicKey: HS.verifyKey }, { audience: new (class Pattern extends RegExp {})('^api$') }, HS],
  ]
  const loaded = { id: 1, name: 'loaded' }
  const SETUPS: [string, (options: JWTOptions, verifyOptions?: VerifyOptions) => (request: any) => unknown][] = [
    ['package root', createAuthenticator],
    ['core', createCoreAuthenticator],
  ]
  const cases = SETUPS.flatMap(([setup, create]) => PATHS.map(([path, options, verifyOptions, kind]) => ({ setup, create, path, options, verifyOptions, kind })))

  test.each(cases)('$setup, $path', async ({ create, options, verifyOptions, kind, path }) => {
    const signed = path.endsWith('PS256') ? tokenFor(kind, CLAIMS, { algorithm: 'PS256' }) : tokenFor(kind, CLAIMS)
    const request = { header: () => `Bearer ${signed}`, cookie: () => undefined }
    const expected = { iat: NOW - 10, exp: NOW + 3600, ...CLAIMS }
    for (const withUser of [false, true]) {
      const authenticate = create({ ...options, ...(withUser ? { user: () => loaded } : {}) }, verifyOptions)
      // Kept from the second call: the third and fourth are answered by the cache.
      for (let i = 0; i < 4; i++) {
        const result = (await authenticate(request)) as AuthSuccess | Failure
        if (result instanceof Failure) throw new Error(`refused: ${result.body?.description}`)
        expect(result.payload).toStrictEqual(expected)
        expect(result.user).toStrictEqual(withUser ? loaded : expected)
        meddle(result.payload)
        if (!withUser) expect(result.user).toBe(result.payload)
      }
    }
  })

  test.each(PATHS)('a flat payload (no nested claim), %s', async (_path, options, verifyOptions, kind) => {
    const flat = tokenFor(kind, { sub: '1', aud: 'api', role: 'user' }, _path.endsWith('PS256') ? { algorithm: 'PS256' } : {})
    const authenticate = createCoreAuthenticator(options, verifyOptions)
    for (let i = 0; i < 4; i++) {
      const result = (await authenticate({ header: () => `Bearer ${flat}` })) as AuthSuccess
      expect(result.user).toStrictEqual({ iat: NOW - 10, exp: NOW + 3600, sub: '1', aud: 'api', role: 'user' })
      result.user.role = 'admin'
      delete result.user.exp
    }
  })
})
