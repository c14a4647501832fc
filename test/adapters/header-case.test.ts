import { createAuthenticator } from '../../src'
import { createAuthenticator as createCoreAuthenticator } from '../../src/core/pipeline/create-authenticator'
import type { AuthOutcome, JWTOptions, RequestLike } from '../../src/core/types'
import { NO_COOKIE, NO_HEADER } from '../support/answers'
import { KEY_KINDS, tokenFor } from '../support/keys'

// Node lower-cases header names; a request object that is not Node's (an AWS Lambda event, a
// test's literal) keeps them as sent, and `Authorization` got row 2. The node:http-free
// authenticators take such a request's header map as `headers` and find a header whatever the
// case of its name.

const [HS] = KEY_KINDS
const token = tokenFor(HS, { sub: '1' })
const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
const key = { secretOrPublicKey: HS.verifyKey }
type Authenticate = (request: RequestLike) => AuthOutcome | Promise<AuthOutcome> | Promise<object>
const SETUPS: [string, (options: JWTOptions) => Authenticate][] = [
  ['package root', (options) => createAuthenticator(options)],
  ['core', (options) => createCoreAuthenticator(options)],
]

/** The outcome as plain data: { token, payload, user } or { status, body, headers }. */
async function outcome(authenticate: Authenticate, request: RequestLike) {
  return { ...(await authenticate(request)) }
}
const verified = { token, payload, user: payload }
const refused = (answer: { status: number; body: unknown }) => ({ status: answer.status, body: answer.body, headers: {} })

describe.each(SETUPS)('header names in any case: createAuthenticator (%s)', (_name, create) => {
  const authenticate = create(key)

  test.each(['Authorization', 'AUTHORIZATION', 'authorization', 'aUtHoRiZaTiOn'])('headers: { %s } is found', async (name) => {
    expect(await outcome(authenticate, { headers: { [name]: `Bearer ${token}` } })).toStrictEqual(verified)
  })

  test('an AWS Lambda (API Gateway) event as it comes', async () => {
    const event = { httpMethod: 'GET', headers: { Host: 'api.example', Authorization: `Bearer ${token}`, 'X-Forwarded-For': '203.0.113.7' } }
    expect(await outcome(authenticate, { headers: event.headers, method: event.httpMethod })).toStrictEqual(verified)
  })

  test('header() that misses the lower-case name: the headers map is searched', async () => {
    const headers = { Authorization: `Bearer ${token}` }
    expect(await outcome(authenticate, { header: (name) => (headers as Record<string, string>)[name], headers })).toStrictEqual(verified)
  })

  test('header() that finds it wins; with neither, or a value that is no string, nothing was sent (row 2)', async () => {
    expect(await outcome(authenticate, { header: () => `Bearer ${token}`, headers: { Authorization: 'Bearer other' } })).toStrictEqual(verified)
    expect(await outcome(authenticate, {})).toStrictEqual(refused(NO_HEADER))
    expect(await outcome(authenticate, { headers: {} })).toStrictEqual(refused(NO_HEADER))
    expect(await outcome(authenticate, { headers: { Authorization: [`Bearer ${token}`] } })).toStrictEqual(refused(NO_HEADER))
    expect(await outcome(authenticate, { headers: { 'X-Authorization': `Bearer ${token}` } })).toStrictEqual(refused(NO_HEADER))
  })

  test('cookie mode: with no cookie() the Cookie header is read, whatever its case', async () => {
    // A GET: a cookie door's CSRF check judges a request without a method as an unsafe one.
    const cookies = create({ ...key, cookie: true })
    expect(await outcome(cookies, { method: 'GET', headers: { Cookie: `theme=dark; auth=${token}` } })).toStrictEqual(verified)
    expect(await outcome(cookies, { method: 'GET', headers: { COOKIE: `auth=${token}` } })).toStrictEqual(verified)
    expect(await outcome(cookies, { method: 'GET', headers: { Cookie: 'theme=dark' } })).toStrictEqual(refused(NO_COOKIE))
    expect(await outcome(cookies, { method: 'GET', cookie: () => token, headers: {} })).toStrictEqual(verified)
  })
})
