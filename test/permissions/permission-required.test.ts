import { Context, Get, HttpResponseOK } from '@foal/core'
import { sign } from 'jsonwebtoken'

import { fetchUser, fetchUserWithPermissions, JWTOptional, JWTRequired, PermissionRequired, User } from '../../src'
import { BAD_SIGNATURE, FAULT, invalidToken, NO_HEADER } from '../support/answers'
import { startFoal } from '../support/foal-app'
import { send, type Answer } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'
import { createPermissionDatabase, SEEDED, seedPermissions } from './support/permission-database'

const [HS] = KEY_KINDS
const key = { secretOrPublicKey: HS.verifyKey }
const { dataSource, counter } = createPermissionDatabase()

// As the README writes it: User is a BaseEntity, so the loaders need no DataSource.
const withPermissions = { ...key, user: fetchUserWithPermissions(User) }

@JWTRequired(withPermissions)
@PermissionRequired('write-a')
class EditorController {
  @Get('/edit')
  edit(ctx: Context<User>) {
    return new HttpResponseOK({ editor: ctx.user.email })
  }
}

class AppController {
  subControllers = [EditorController]

  @Get('/delete')
  @JWTRequired(withPermissions)
  @PermissionRequired('delete-a')
  delete(ctx: Context<User>) {
    return new HttpResponseOK({ deleter: ctx.user.email })
  }

  @Get('/optional')
  @JWTOptional(withPermissions)
  @PermissionRequired('read-a')
  optional(ctx: Context<User>) {
    return new HttpResponseOK({ reader: ctx.user.email })
  }

  @Get('/page')
  @JWTOptional(withPermissions)
  @PermissionRequired('read-a', { redirect: '/login?next=%2Fpage' })
  page() {
    return new HttpResponseOK({ page: true })
  }

  @Get('/without-relations')
  @JWTRequired({ ...key, user: fetchUser(User) })
  @PermissionRequired('read-a')
  withoutRelations() {
    return new HttpResponseOK({ reached: true })
  }

  @Get('/payload')
  @JWTRequired(key)
  @PermissionRequired('read-a')
  payload() {
    return new HttpResponseOK({ reached: true })
  }

  @Get('/async-has-perm')
  @JWTRequired({ ...key, user: async () => ({ hasPerm: async () => false }) })
  @PermissionRequired('read-a')
  asyncHasPerm() {
    return new HttpResponseOK({ reached: true })
  }
}

const FORBIDDEN: Answer = { status: 403, body: { code: 'forbidden', description: 'Permission denied.' }, wwwAuthenticate: null }
const NO_USER: Answer = { status: 401, body: '', wwwAuthenticate: 'Bearer' }
const UNKNOWN_USER = invalidToken('The token subject does not match any user.')
const bearer = (sub: string) => `Bearer ${tokenFor(HS, { sub })}`
const as = (who: keyof typeof SEEDED) => ({ authorization: bearer(String(SEEDED[who])) })

let server: { url: string; close(): Promise<void> }
beforeAll(async () => {
  await seedPermissions(dataSource)
  server = await startFoal(AppController)
})
afterAll(async () => {
  await server.close()
  await dataSource.destroy()
})

describe('@JWTRequired({ user: fetchUserWithPermissions(User) }) @PermissionRequired on a method: the 400/401 rows first, then 403', () => {
  test.each([
    { title: 'no header: row 2', request: {}, expected: NO_HEADER },
    { title: 'bad signature: 401', request: { authorization: `Bearer ${tokenFor(HS, { sub: '2' }, {}, HS.otherSigningKey)}` }, expected: BAD_SIGNATURE },
    { title: 'unknown user: row 12', request: { authorization: bearer('999') }, expected: UNKNOWN_USER },
    { title: 'sub "02", not the canonical form of 2: row 12', request: { authorization: bearer('02') }, expected: UNKNOWN_USER },
    { title: 'a user without the permission: 403', request: as('ann'), expected: FORBIDDEN },
    { title: 'a user in a group without permissions: 403', request: as('cat'), expected: FORBIDDEN },
    { title: 'the permission through a group: 200', request: as('dan'), expected: { status: 200, body: { deleter: 'dan@example.com' }, wwwAuthenticate: null } },
    { title: 'the permission held directly: 200', request: as('bob'), expected: { status: 200, body: { deleter: 'bob@example.com' }, wwwAuthenticate: null } },
  ])('$title', async ({ request, expected }) => {
    expect(await send(`${server.url}/delete`, request)).toStrictEqual(expected)
  })

  test('a granted request costs one query: the user with its permissions; none for the check', async () => {
    const { result, queries } = await counter.during(() => send(`${server.url}/delete`, as('bob')))
    expect([result.status, queries.length]).toStrictEqual([200, 1])
  })
})

describe('@PermissionRequired on a controller class protects each of its methods', () => {
  test.each([
    { who: 'ann', expected: { status: 200, body: { editor: 'ann@example.com' }, wwwAuthenticate: null } },
    { who: 'dan', expected: { status: 200, body: { editor: 'dan@example.com' }, wwwAuthenticate: null } },
    { who: 'bob', expected: FORBIDDEN },
  ] as const)('$who', async ({ who, expected }) => {
    expect(await send(`${server.url}/edit`, as(who))).toStrictEqual(expected)
  })

  test('no header: row 2', async () => {
    expect(await send(`${server.url}/edit`)).toStrictEqual(NO_HEADER)
  })
})

describe('after JWTOptional: no user is 401 with an empty body, or the redirect', () => {
  test('no token: 401, no body, WWW-Authenticate: Bearer (no error code: no credentials came, RFC 6750 §3.1)', async () => {
    expect(await send(`${server.url}/optional`)).toStrictEqual(NO_USER)
  })

  test('a token judged as JWTRequired would: row 12, then 403, then 200', async () => {
    expect([
      await send(`${server.url}/optional`, { authorization: bearer('999') }),
      await send(`${server.url}/optional`, as('bob')),
      await send(`${server.url}/optional`, as('ann')),
    ]).toStrictEqual([UNKNOWN_USER, FORBIDDEN, { status: 200, body: { reader: 'ann@example.com' }, wwwAuthenticate: null }])
  })

  test('redirect: no token is 302 to the URL given; a user without the permission is still 403', async () => {
    const response = await fetch(`${server.url}/page`, { redirect: 'manual' })
    expect([response.status, response.headers.get('location'), await response.text()]).toStrictEqual([302, '/login?next=%2Fpage', 'Found. Redirecting to /login?next=%2Fpage'])
    expect(await send(`${server.url}/page`, as('bob'))).toStrictEqual(FORBIDDEN)
  })
})

describe('fail closed when ctx.user cannot say', () => {
  let logged: string[]
  beforeEach(() => {
    logged = []
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
  })
  afterEach(() => jest.restoreAllMocks())

  test('a UserWithPermissions loaded without its relations (fetchUser) holds nothing: 403 even for a holder', async () => {
    expect(await send(`${server.url}/without-relations`, as('ann'))).toStrictEqual(FORBIDDEN)
    expect(logged).toStrictEqual([])
  })

  test('ctx.user is the decoded payload (no user option): 500, empty body, one log line naming the problem, never the token', async () => {
    const token = sign({ sub: 'someone', email: 'ann@example.com' }, HS.signingKey as string, { algorithm: 'HS256' })
    expect(await send(`${server.url}/payload`, { authorization: `Bearer ${token}` })).toStrictEqual(FAULT)
    expect(logged).toStrictEqual([
      'jwt-hooks: permission "read-a" cannot be checked: the user (a plain object) has no hasPerm(codeName) method; load it with fetchUserWithPermissions(Entity); request refused with 500',
    ])
  })

  test('an async hasPerm (a promise is truthy): 500 and one log line, never a yes', async () => {
    expect(await send(`${server.url}/async-has-perm`, as('ann'))).toStrictEqual(FAULT)
    expect(logged).toStrictEqual([
      'jwt-hooks: permission "read-a" cannot be checked: hasPerm answered a Promise, not a boolean (it must not be async); request refused with 500',
    ])
  })
})

describe('setup errors: a TypeError at decoration time', () => {
  test.each([
    { args: [''], message: 'jwt-hooks: PermissionRequired: "codeName" must be a non-empty string' },
    { args: [undefined], message: 'jwt-hooks: PermissionRequired: "codeName" must be a non-empty string' },
    { args: [['a', 'b']], message: 'jwt-hooks: PermissionRequired: "codeName" must be a non-empty string' },
    { args: ['a', null], message: 'jwt-hooks: PermissionRequired: options must be an object' },
    { args: ['a', { redirect: 302 }], message: 'jwt-hooks: PermissionRequired: "redirect" must be a non-empty string' },
    { args: ['a', { redirect: '' }], message: 'jwt-hooks: PermissionRequired: "redirect" must be a non-empty string' },
  ])('PermissionRequired($args)', ({ args, message }) => {
    expect(() => (PermissionRequired as (...a: unknown[]) => unknown)(...args)).toThrow(new TypeError(message))
  })
})
