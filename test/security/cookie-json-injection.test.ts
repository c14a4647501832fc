import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import { OPTIONAL, REQUIRED } from '../../src/core/types'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { send, type Answer } from '../support/http'
import { SECRET } from '../support/keys'
import { MALFORMED, NO_COOKIE, ok } from '../support/answers'

// cookie-parser (FoalTS, Express apps that install it) turns `auth=j:<json>` into the parsed value.
// Handed on as the token, an object came back out of the pipeline as if it were its answer, and
// the door let the request in with `user` taken from the attacker's JSON.
const INJECTED = [
  ['an object with a user', 'j:{"user":{"id":1,"admin":true},"token":"x","payload":{}}'],
  ['an array', 'j:[1]'],
  ['a number', 'j:1'],
  ['true', 'j:true'],
]
const key = { secretOrPublicKey: SECRET, cookie: true }
const ROUTES: RouteSpec[] = [
  { path: '/required', mode: 'required', options: key },
  { path: '/optional', mode: 'optional', options: key },
  { path: '/proto', mode: 'required', options: { ...key, cookieName: '__proto__' } },
  { path: '/constructor', mode: 'required', options: { ...key, cookieName: 'constructor' } },
]

describe.each(DOORS)('cookie JSON injection: auth=j:{…} on door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  // A door with cookie-parser sees no token (the value is not a string); one without reads the
  // text, which is no JWT. Either way: refused, never a user.
  test.each(INJECTED)('JWTRequired, cookie holding %s', async (_what, value) => {
    const answer = await send(`${server.url}/required`, { cookie: `auth=${encodeURIComponent(value)}` })
    expect([NO_COOKIE, MALFORMED]).toContainEqual(answer)
  })

  test.each(INJECTED)('JWTOptional, cookie holding %s', async (_what, value) => {
    const answer = await send(`${server.url}/optional`, { cookie: `auth=${encodeURIComponent(value)}` })
    expect([ok(null), MALFORMED]).toContainEqual(answer)
  })

  test.each(['/proto', '/constructor'])('a cookie name that every object answers (%s), nothing sent', async (path) => {
    expect(await send(server.url + path)).toStrictEqual(NO_COOKIE)
  })
})

describe('cookie JSON injection: the pipeline takes only a string as the token', () => {
  const objectCookie = { header: () => undefined, cookie: () => ({ user: { admin: true } }) as unknown as string }
  const cases: [string, typeof REQUIRED, Answer['body'] | null][] = [
    ['JWTRequired: row 3', REQUIRED, { code: 'invalid_request', description: 'Auth cookie not found.' }],
    ['JWTOptional: no user', OPTIONAL, null],
  ]
  test.each(cases)('%s', async (_title, mode, body) => {
    const result = await createAuthenticator(key, {}, mode)(objectCookie)
    const seen = 'status' in result ? { status: result.status, body: result.body } : { user: result.user ?? null }
    expect(seen).toStrictEqual(body === null ? { user: null } : { status: 400, body })
  })

  test('an Authorization header that is not a string: row 2', async () => {
    const request = { header: () => ['Bearer a.b.c'] as unknown as string, cookie: () => undefined }
    const result = await createAuthenticator({ secretOrPublicKey: SECRET }, {}, REQUIRED)(request)
    expect(result).toMatchObject({ status: 400, body: { code: 'invalid_request', description: 'Authorization header not found.' } })
  })
})
