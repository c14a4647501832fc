import { sign } from 'jsonwebtoken'

import type { Answer } from '../support/http'
import { SECRET } from '../support/keys'
import { AUTHZ_DOORS, type Running } from './support/authz-doors'
import { sendRaw } from './support/raw-request'

const READS = ['GET', 'HEAD']
const WRITES = ['PUT', 'POST', 'PATCH', 'DELETE']
const key = { secretOrPublicKey: SECRET }
const bearer = (claims: Record<string, unknown>) => `Bearer ${sign({ sub: 'ann', ...claims }, SECRET, { algorithm: 'HS256' })}`

// [caps, request target, covered for reading, covered for writing]
const COVERAGE: Array<[string, string, boolean, boolean]> = [
  ['/pub/app/:rw', '/pub/app/', true, true],
  ['/pub/app/:rw', '/pub/app/notes/1.json', true, true],
  ['/pub/app/:rw', '/pub/app/a%20b', true, true],
  ['/pub/app/:r', '/pub/app/x', true, false],
  ['/pub/app/:w', '/pub/app/x', false, true],
  ['/pub/app/:rw', '/pub/app', false, false],
  ['/pub/app/:rw', '/pub/other/x', false, false],
  ['/pub/file.txt:rw', '/pub/file.txt', true, true],
  ['/pub/file.txt:r', '/pub/file.txt/', false, false],
  ['/pub/file.txt:rw', '/pub/file.txt2', false, false],
  ['/pub/a:r,/pub/a/:w', '/pub/a', true, false],
  ['/pub/a:r,/pub/a/:w', '/pub/a/b', false, true],
  ['/pub/a/:r,/pub/a/b/:w', '/pub/a/b/c', true, true],
  ['/:r', '/anything/at/all', true, false],
  ['/pub/caf\u00e9/:rw', '/pub/caf%C3%A9/x', true, true],
]

// The path tricks: each would reach another path once someone normalizes or decodes it again.
const TRICKS: Array<[string, string, boolean]> = [
  ['a `..` segment', '/pub/app/../secret', false],
  ['a trailing `..`', '/pub/app/x/..', false],
  ['a `.` segment', '/pub/app/./x', false],
  ['a `//`', '/pub/app//x', false],
  ['a leading `//`', '//pub/app/x', false],
  ['an encoded `/`', '/pub/app%2Fx', false],
  ['an encoded `/`, lower case', '/pub%2fapp/x', false],
  ['an encoded `.`', '/pub/app/%2E/x', false],
  ['`%2e%2e`', '/pub/app/%2e%2e/secret', false],
  ['`.%2e`', '/pub/app/.%2e/secret', false],
  ['an encoded backslash', '/pub/app/..%5C..%5Csecret', false],
  ['an encoded NUL', '/pub/app/a%00', false],
  ['the sibling prefix: /pub/app/ does not cover /pub/apples', '/pub/apples', false],
  ['the sibling prefix: /pub/app/ does not cover /pub/app-other/x', '/pub/app-other/x', false],
  ['a query is ignored', '/pub/app/x?path=/pub/secret&y=%2F..', true],
  ['a query does not make a path: /pub/app?/x', '/pub/app?/x', false],
  ['a double-encoded `/` is decoded once, a name inside the scope', '/pub/app/a%252Fb', true],
  ['a double-encoded `..%2F` stays a name inside the scope', '/pub/app/..%252F..%252Fsecret', true],
]

function covered(method: string): Answer {
  return { status: 200, body: method === 'HEAD' ? '' : { reached: true, sub: 'ann' }, wwwAuthenticate: null }
}

function insufficientScope(method: string, access: 'read' | 'write', target: string): Answer {
  const description = `The token does not grant ${access} on ${target.split('?')[0]}.`
  return {
    status: 403,
    body: method === 'HEAD' ? '' : { code: 'insufficient_scope', description },
    wwwAuthenticate: `error="insufficient_scope", error_description="${description}"`,
  }
}

const cases = [
  ...COVERAGE.flatMap(([caps, target, read, write]) => [
    ...READS.map((method) => ({ title: `${caps}: ${method} ${target}`, caps, method, target, expected: read ? covered(method) : insufficientScope(method, 'read', target) })),
    ...WRITES.map((method) => ({ title: `${caps}: ${method} ${target}`, caps, method, target, expected: write ? covered(method) : insufficientScope(method, 'write', target) })),
  ]),
  ...TRICKS.flatMap(([trick, target, ok]) =>
    ['GET', 'PUT'].map((method) => ({
      title: `path trick, ${trick}: /pub/app/:rw, ${method} ${target}`,
      caps: '/pub/app/:rw',
      method,
      target,
      expected: ok ? covered(method) : insufficientScope(method, method === 'GET' ? 'read' : 'write', target),
    })),
  ),
]

describe.each(AUTHZ_DOORS)('capabilities: true on $name', (door) => {
  let server: Running
  let optional: Running
  beforeAll(async () => {
    server = await door.start({ ...key, capabilities: true })
    optional = await door.start({ ...key, capabilities: true }, {}, 'optional')
  })
  afterAll(async () => {
    await server.close()
    await optional.close()
  })

  test.each(cases)('$title', async ({ caps, method, target, expected }) => {
    expect(await sendRaw(server.url, { method, target, authorization: bearer({ caps }) })).toStrictEqual(expected)
  })

  test.each(['GET', 'PUT'])(`%s with an invalid percent-escape: ${door.refusesBadEscapes ? "the framework's own 400, before the door" : '403, covered by nothing'}`, async (method) => {
    const answer = await sendRaw(server.url, { method, target: '/pub/app/a%zz', authorization: bearer({ caps: '/pub/app/:rw' }) })
    if (door.refusesBadEscapes) expect({ status: answer.status, wwwAuthenticate: answer.wwwAuthenticate }).toStrictEqual({ status: 400, wwwAuthenticate: null })
    else expect(answer).toStrictEqual(insufficientScope(method, method === 'GET' ? 'read' : 'write', '/pub/app/a%zz'))
  })

  test.each(['OPTIONS', 'TRACE', 'PROPFIND'])('%s (not a CORS preflight) is covered by nothing, even by /:rw', async (method) => {
    expect(await sendRaw(server.url, { method, target: '/pub/app/x', authorization: bearer({ caps: '/:rw' }) })).toStrictEqual(
      insufficientScope('GET', 'write', '/pub/app/x'),
    )
  })

  test('a CORS preflight is let through with no user, as without capabilities', async () => {
    const headers = { origin: 'https://app.example', 'access-control-request-method': 'PUT' }
    expect(await sendRaw(server.url, { method: 'OPTIONS', target: '/pub/app/x', headers })).toStrictEqual({ status: 200, body: { reached: true, sub: null }, wwwAuthenticate: null })
  })

  test.each([
    { title: 'no caps claim', claims: {} },
    { title: 'caps is a number', claims: { caps: 42 } },
    { title: 'caps is a list', claims: { caps: ['/pub/app/:rw'] } },
    { title: 'caps is an object', claims: { caps: { '/pub/app/': 'rw' } } },
    { title: 'caps is null', claims: { caps: null } },
    { title: 'caps is malformed (an action x)', claims: { caps: '/pub/app/:rwx' } },
    { title: 'caps is malformed (a scope without /)', claims: { caps: 'pub/app/:rw' } },
    { title: 'caps is empty', claims: { caps: '' } },
  ])('$title: covered by nothing, 403', async ({ claims }) => {
    expect(await sendRaw(server.url, { target: '/pub/app/x', authorization: bearer(claims) })).toStrictEqual(insufficientScope('GET', 'read', '/pub/app/x'))
  })

  test('a caps claim written loosely is normalized as Pubky does: " /pub/app/:wr , "', async () => {
    expect(await sendRaw(server.url, { method: 'PATCH', target: '/pub/app/x', authorization: bearer({ caps: ' /pub/app/:wr , ' }) })).toStrictEqual(covered('PATCH'))
  })

  test('the 400 and 401 rows come first: no header, then a bad signature', async () => {
    expect(await sendRaw(server.url, { target: '/pub/app/x' })).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'Authorization header not found.' },
      wwwAuthenticate: null,
    })
    const forged = `Bearer ${sign({ sub: 'ann', caps: '/:rw' }, 'another-secret-of-at-least-thirty-two-bytes', { algorithm: 'HS256' })}`
    expect(await sendRaw(server.url, { target: '/pub/app/x', authorization: forged })).toStrictEqual({
      status: 401,
      body: { code: 'invalid_token', description: 'invalid signature' },
      wwwAuthenticate: 'error="invalid_token", error_description="invalid signature"',
    })
  })

  test('a refused path with " and \\ is quoted in the challenge (RFC 6750 §3)', async () => {
    const target = '/pub/"quoted"'
    expect(await sendRaw(server.url, { target, authorization: bearer({ caps: '/pub/app/:rw' }) })).toStrictEqual({
      status: 403,
      body: { code: 'insufficient_scope', description: 'The token does not grant read on /pub/"quoted".' },
      wwwAuthenticate: 'error="insufficient_scope", error_description="The token does not grant read on /pub/\\"quoted\\"."',
    })
  })

  test('JWTOptional: no token is let through with no user; a token is held to its caps', async () => {
    expect(await sendRaw(optional.url, { target: '/pub/app/x' })).toStrictEqual({ status: 200, body: { reached: true, sub: null }, wwwAuthenticate: null })
    expect(await sendRaw(optional.url, { target: '/pub/other', authorization: bearer({ caps: '/pub/app/:rw' }) })).toStrictEqual(insufficientScope('GET', 'read', '/pub/other'))
    expect(await sendRaw(optional.url, { target: '/pub/app/x', authorization: bearer({ caps: '/pub/app/:rw' }) })).toStrictEqual(covered('GET'))
  })
})

describe('capabilities off (the default): the caps claim is not read', () => {
  test.each(AUTHZ_DOORS)('$name', async (door) => {
    const server = await door.start(key)
    try {
      expect(await sendRaw(server.url, { method: 'DELETE', target: '/pub/other/../x', authorization: bearer({ caps: '/pub/app/:r' }) })).toStrictEqual(covered('DELETE'))
    } finally {
      await server.close()
    }
  })
})
