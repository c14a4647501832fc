import { gzipSync } from 'node:zlib'

import { newApiKey } from '../../src/login/api-keys/new-api-key'
import { TypeormApiKeyStore } from '../../src/stores/typeorm/typeorm-api-key-store'
import { ANN, openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { post, send } from '../login/support/request'
import { BAD_GRANT, judged, type Pair } from './support/answers'
import { startSessionServer, type SessionServer } from './support/session-server'

let db: TestDatabase
let server: SessionServer
let apiKey: string

beforeAll(async () => {
  db = await openTestDatabase()
  useJwtEnv(db.dir)
  server = await startSessionServer(db.dir)
  const made = newApiKey()
  await new TypeormApiKeyStore(server.stores).create('test', made.hash, Date.now())
  apiKey = made.key
})
afterAll(async () => {
  await server?.close()
  await db.drop()
})

const JSON_TYPE = 'application/json; charset=utf-8'
const request = (description: string, errors: unknown[] = [], status = 400) => ({
  status,
  body: { code: 'invalid_request', description, errors },
  contentType: JSON_TYPE,
  cacheControl: undefined,
  wwwAuthenticate: undefined,
})
const NOT_JSON = request('The request body must be JSON (Content-Type: application/json).')
const BAD_JSON = request('The request body is not valid JSON.')
const NOT_OBJECT = request('The request body must be a JSON object.')
const TOO_DEEP = request('The request body is nested too deeply (at most 32 levels).')
const TOO_LARGE = request('The request body is too large.', [], 413)
const ENCODED = request('The request body must not be compressed.', [], 415)
const invalid = (...errors: [string, Record<string, string>][]) => request('The request body is invalid.', errors.map(([property, constraints]) => ({ property, constraints })))
const deep = (levels: number): unknown => (levels === 1 ? {} : { a: deep(levels - 1) })

/** Every body a validator can be handed, as raw text and a content type, and the answer it gets. */
const BODIES: { title: string; type?: string; text?: string; encoding?: string; expected: unknown }[] = [
  { title: 'no body, no content type', expected: NOT_JSON },
  { title: 'a form post', type: 'application/x-www-form-urlencoded', text: 'refreshToken=abc', expected: NOT_JSON },
  { title: 'text/plain', type: 'text/plain', text: '{"refreshToken":"abc"}', expected: NOT_JSON },
  { title: 'multipart', type: 'multipart/form-data; boundary=x', text: '--x\r\nContent-Disposition: form-data; name="refreshToken"\r\n\r\nabc\r\n--x--\r\n', expected: NOT_JSON },
  { title: 'not JSON', type: 'application/json', text: '{refreshToken: abc', expected: BAD_JSON },
  { title: 'an array', type: 'application/json', text: '["abc"]', expected: NOT_OBJECT },
  { title: 'a string', type: 'application/json', text: '"abc"', expected: NOT_OBJECT },
  { title: 'null', type: 'application/json', text: 'null', expected: NOT_OBJECT },
  { title: 'nested 40 levels', type: 'application/json', text: JSON.stringify(deep(40)), expected: TOO_DEEP },
  { title: 'nested 5,000 levels', type: 'application/json', text: '['.repeat(5000) + ']'.repeat(5000), expected: NOT_OBJECT },
  { title: 'huge (200 KB)', type: 'application/json', text: JSON.stringify({ refreshToken: 'a'.repeat(200 * 1024) }), expected: TOO_LARGE },
  { title: 'gzip', type: 'application/json', text: gzipSync('{"refreshToken":"abc"}').toString('latin1'), encoding: 'gzip', expected: ENCODED },
]

/** Bodies of the right shape with a wrong field, per route. */
const REFRESH_FIELDS: { title: string; body: unknown; expected: unknown }[] = [
  { title: 'empty object', body: {}, expected: invalid(['refreshToken', { isString: 'refreshToken must be a string' }]) },
  { title: 'a number', body: { refreshToken: 5 }, expected: invalid(['refreshToken', { isString: 'refreshToken must be a string' }]) },
  { title: 'an object', body: { refreshToken: { $ne: null } }, expected: invalid(['refreshToken', { isString: 'refreshToken must be a string' }]) },
  { title: 'empty', body: { refreshToken: '' }, expected: invalid(['refreshToken', { isNotEmpty: 'refreshToken should not be empty' }]) },
  { title: '1,025 characters', body: { refreshToken: 'a'.repeat(1025) }, expected: invalid(['refreshToken', { maxLength: 'refreshToken must be shorter than or equal to 1024 characters' }]) },
  {
    title: 'an extra property, and __proto__',
    body: JSON.parse('{"refreshToken":"abc","grant_type":"refresh_token","__proto__":{"x":1}}'),
    expected: invalid(['__proto__', { whitelistValidation: 'property __proto__ should not exist' }], ['grant_type', { whitelistValidation: 'property grant_type should not exist' }]),
  },
]

function raw(path: string, { type, text, encoding }: { type?: string; text?: string; encoding?: string }, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { ...headers }
  if (type !== undefined) all['content-type'] = type
  if (encoding !== undefined) all['content-encoding'] = encoding
  const body = text === undefined ? undefined : encoding === undefined ? text : Buffer.from(text, 'latin1').toString('latin1')
  return send(`${server.url}${path}`, { method: 'POST', headers: all, text: body })
}

describe.each([
  { route: '/auth/refresh', headers: () => ({}) },
  { route: '/auth/logout', headers: () => ({}) },
  { route: '/auth/tokens', headers: () => ({ 'x-api-key': apiKey }) },
])('bad bodies on $route: a 400 (413, 415) in the login\'s shape, never a 500', ({ route, headers }) => {
  test.each(BODIES)('$title', async (body) => {
    expect(judged(await raw(route, body, headers()))).toStrictEqual(body.expected)
  })
})

describe.each([{ route: '/auth/refresh' }, { route: '/auth/logout' }])('wrong fields on $route', ({ route }) => {
  test.each(REFRESH_FIELDS)('$title', async ({ body, expected }) => {
    expect(judged(await post(`${server.url}${route}`, { body }))).toStrictEqual(expected)
  })
})

describe('every bad grant: the one identical invalid_grant answer (no oracle)', () => {
  test('unknown, spent, revoked, expired, made up, a JWT: byte for byte the same answer', async () => {
    const answer = async (refreshToken: string) => {
      const reply = await post(`${server.url}/auth/refresh`, { body: { refreshToken } })
      const { date, ...headers } = reply.headers
      void date
      return { status: reply.status, body: reply.body, headers }
    }
    const login = async () => (await post(`${server.url}/auth/login`, { body: ANN })).body as Pair
    const spent = await login()
    await post(`${server.url}/auth/refresh`, { body: { refreshToken: spent.refreshToken } })
    const revoked = await login()
    await post(`${server.url}/auth/logout`, { body: { refreshToken: revoked.refreshToken } })
    const answers = [
      await answer('unknown-but-well-formed-0123456789abcdefghijk'),
      await answer(spent.refreshToken),
      await answer(revoked.refreshToken),
      await answer('x'),
      await answer(revoked.accessToken),
    ]
    expect(judged({ status: answers[0].status, body: answers[0].body, headers: answers[0].headers })).toStrictEqual(BAD_GRANT)
    for (const other of answers) expect(other).toStrictEqual(answers[0])
  })

  test('a session past its end (refreshExpiresIn): the same invalid_grant, and the refusal spends nothing', async () => {
    let now = Date.now()
    const dated = await startSessionServer(db.dir, { sessions: { clock: () => now, refreshExpiresIn: '2h' } })
    try {
      const pair = (await post(`${dated.url}/auth/login`, { body: ANN })).body as Pair
      now += 2 * 3600_000
      expect(judged(await post(`${dated.url}/auth/refresh`, { body: { refreshToken: pair.refreshToken } }))).toStrictEqual(BAD_GRANT)
      // Turned back, the clock shows the token still current: the refused refresh spent nothing.
      now -= 2 * 3600_000
      expect((await post(`${dated.url}/auth/refresh`, { body: { refreshToken: pair.refreshToken } })).status).toBe(200)
    } finally {
      await dated.close()
    }
  })
})
