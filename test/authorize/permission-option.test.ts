import { sign } from 'jsonwebtoken'

import * as expressDoors from '../../src/adapters/express'
import * as fastifyDoors from '../../src/adapters/fastify'
import * as httpDoors from '../../src/adapters/http'
import * as koaDoors from '../../src/adapters/koa'
import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import type { JWTOptions } from '../../src/core/types'
import { JWTOptional } from '../../src/foal/jwt-optional.hook'
import { JWTRequired } from '../../src/foal/jwt-required.hook'
import { fetchUserWithPermissions } from '../../src/typeorm/fetch-user-with-permissions'
import { User } from '../../src/typeorm/user.entity'
import { BAD_SIGNATURE, FAULT, invalidToken, NO_HEADER } from '../support/answers'
import type { Answer } from '../support/http'
import { SECRET } from '../support/keys'
import { createPermissionDatabase, SEEDED, seedPermissions } from '../permissions/support/permission-database'
import { AUTHZ_DOORS, type Running } from './support/authz-doors'
import { sendRaw } from './support/raw-request'

const key = { secretOrPublicKey: SECRET }
const { dataSource, counter } = createPermissionDatabase()
const withPermissions = { ...key, user: fetchUserWithPermissions(User, dataSource), permission: 'delete-a' }

const FORBIDDEN: Answer = { status: 403, body: { code: 'forbidden', description: 'Permission denied.' }, wwwAuthenticate: null }
const reachedAs = (id: number): Answer => ({ status: 200, body: { reached: true, sub: id }, wwwAuthenticate: null })
const bearer = (claims: Record<string, unknown>, secret = SECRET) => `Bearer ${sign(claims, secret, { algorithm: 'HS256' })}`
const as = (who: keyof typeof SEEDED) => bearer({ sub: String(SEEDED[who]) })

beforeAll(() => seedPermissions(dataSource))
afterAll(() => dataSource.destroy())

describe.each(AUTHZ_DOORS)('permission: "delete-a" on $name, the user from fetchUserWithPermissions', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(withPermissions)
  })
  afterAll(() => server.close())

  test.each([
    { title: 'no header: row 2 first', authorization: undefined, expected: NO_HEADER },
    { title: 'a bad signature: 401 first', authorization: bearer({ sub: '2' }, 'another-secret-of-at-least-thirty-two-bytes'), expected: BAD_SIGNATURE },
    { title: 'no sub: row 11 first', authorization: bearer({}), expected: invalidToken('The token must include a subject which is the id of the user.') },
    { title: 'no such user: row 12 first', authorization: bearer({ sub: '999' }), expected: invalidToken('The token subject does not match any user.') },
    { title: 'a user whose groups hold other permissions: 403', authorization: as('ann'), expected: FORBIDDEN },
    { title: 'a user in a group without permissions: 403', authorization: as('cat'), expected: FORBIDDEN },
    { title: 'the permission held directly: 200', authorization: as('bob'), expected: reachedAs(SEEDED.bob) },
    { title: 'the permission through a group: 200', authorization: as('dan'), expected: reachedAs(SEEDED.dan) },
  ])('$title', async ({ authorization, expected }) => {
    expect(await sendRaw(server.url, { method: 'DELETE', target: '/a/1', authorization })).toStrictEqual(expected)
  })

  test('one query per request, granted or refused: the user with its permissions; none for the check', async () => {
    const granted = await counter.during(() => sendRaw(server.url, { target: '/a', authorization: as('bob') }))
    const refused = await counter.during(() => sendRaw(server.url, { target: '/a', authorization: as('ann') }))
    expect([granted.result.status, granted.queries.length, refused.result.status, refused.queries.length]).toStrictEqual([200, 1, 403, 1])
  })
})

describe.each(AUTHZ_DOORS)('permission on $name: users loaded some other way', (door) => {
  let logged: string[]
  beforeEach(() => {
    logged = []
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')))
  })
  afterEach(() => jest.restoreAllMocks())

  test("a plain object with FoalTS's fields (no hasPerm): its groups' permissions count", async () => {
    const users: Record<string, unknown> = {
      '7': { id: 7, userPermissions: [], groups: [{ permissions: [{ codeName: 'delete-a' }] }] },
      '8': { id: 8, userPermissions: [{ codeName: 'read-a' }], groups: [] },
    }
    const server = await door.start({ ...key, user: async (id: string) => users[id], permission: 'delete-a' })
    try {
      expect([await sendRaw(server.url, { target: '/', authorization: bearer({ sub: '7' }) }), await sendRaw(server.url, { target: '/', authorization: bearer({ sub: '8' }) })]).toStrictEqual([
        reachedAs(7),
        FORBIDDEN,
      ])
    } finally {
      await server.close()
    }
  })

  test('a user that cannot say (no hasPerm, no fields): 500, empty body, one log line naming the problem, never the token', async () => {
    const token = sign({ sub: '1' }, SECRET, { algorithm: 'HS256' })
    const server = await door.start({ ...key, user: (id: string) => ({ id, email: 'ann@example.com' }), permission: 'delete-a' })
    try {
      expect(await sendRaw(server.url, { target: '/', authorization: `Bearer ${token}` })).toStrictEqual(FAULT)
    } finally {
      await server.close()
    }
    expect(logged).toStrictEqual([
      'jwt-hooks: authentication failed; request refused (TypeError: jwt-hooks: permission "delete-a" cannot be checked: the user (a plain object) has no hasPerm(codeName) method; load it with fetchUserWithPermissions(Entity))',
    ])
    expect(logged.join('\n')).not.toContain(token)
  })
})

describe('the authorizing options are checked at setup: a TypeError naming the option, on every door', () => {
  const FACTORIES: Array<[string, (options: JWTOptions) => unknown]> = [
    ['createAuthenticator (core)', (options) => createAuthenticator(options)],
    ['JWTRequired', (options) => JWTRequired(options)],
    ['JWTOptional', (options) => JWTOptional(options)],
    ['express', (options) => expressDoors.jwtRequired(options)],
    ['koa', (options) => koaDoors.jwtRequired(options)],
    ['fastify', (options) => fastifyDoors.jwtRequired(options)],
    ['node:http', (options) => httpDoors.jwtOptional(options)],
  ]
  const user = () => undefined
  const CASES: Array<[string, JWTOptions, string]> = [
    ['permission without a user loader', { permission: 'delete-a' }, 'jwt-hooks: "permission" needs a "user" loader that loads the user with its permissions, such as fetchUserWithPermissions(User)'],
    ['an empty permission', { user, permission: '' }, 'jwt-hooks: "permission" must be a non-empty string (a codeName)'],
    ['a permission that is a list', { user, permission: ['a'] as unknown as string }, 'jwt-hooks: "permission" must be a non-empty string (a codeName)'],
    ['capabilities: "yes"', { capabilities: 'yes' as unknown as boolean }, 'jwt-hooks: "capabilities" must be a boolean'],
    ['csrf: 0', { cookie: true, csrf: 0 as unknown as boolean }, 'jwt-hooks: "csrf" must be a boolean'],
    ['an empty csrfSecret', { cookie: true, csrfSecret: '' }, 'jwt-hooks: "csrfSecret" is empty'],
    ['a public key as csrfSecret', { cookie: true, csrfSecret: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }, 'jwt-hooks: "csrfSecret" is a public key, which anyone may hold: give a secret or a private key'],
  ]
  describe.each(FACTORIES)('%s', (_name, create) => {
    test.each(CASES)('%s', (_title, options, message) => {
      expect(() => create({ ...key, ...options })).toThrow(new TypeError(message))
    })
  })
})
