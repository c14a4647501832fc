import { createTokenManager, type TokenManager } from '../../src/client'
import { BAD_SIGNATURE, EXPIRED } from '../support/answers'
import { answerOf } from './support/callbacks'
import { RefreshServer } from './support/refresh-server'
import { expiredOnTheServer } from './support/tokens'

let server: RefreshServer
let manager: TokenManager

beforeEach(async () => {
  server = await new RefreshServer().start()
})
afterEach(async () => {
  manager.stop()
  await server.close()
})

const echo = (fields: { method?: string; authorization: string; xApp?: string | null; contentType?: string | null; body?: string }) => ({
  status: 200,
  body: { sub: 'user-1', method: 'GET', xApp: null, contentType: null, body: '', ...fields },
  wwwAuthenticate: null,
})

describe('fetch adds Authorization: Bearer and keeps every other header', () => {
  const url = (): string => `${server.origin}/api/echo`
  const HEADERS = { 'X-App': 'one', 'Content-Type': 'text/plain' }
  test.each<[string, () => [string | Request, RequestInit?]]>([
    ['a Headers object', () => [url(), { headers: new Headers(HEADERS) }]],
    ['a plain object', () => [url(), { headers: { 'x-app': 'one', 'content-type': 'text/plain' } }]],
    ['a list of pairs', () => [url(), { headers: [['X-App', 'one'], ['Content-Type', 'text/plain']] }]],
    ['a Request and its headers', () => [new Request(url(), { headers: HEADERS })]],
    ['a Request, with init headers that replace its own (as fetch does)', () => [new Request(url(), { headers: { 'X-App': 'request' } }), { headers: HEADERS }]],
    ["the caller's own Authorization: replaced", () => [url(), { headers: { ...HEADERS, Authorization: 'Bearer not-this-one' } }]],
  ])('%s', async (_, request) => {
    const tokens = server.signIn()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const answer = await answerOf(await manager.fetch(...request()))
    expect(answer).toStrictEqual(echo({ authorization: `Bearer ${tokens.accessToken}`, xApp: 'one', contentType: 'text/plain' }))
    expect(server.counts.refresh).toBe(0)
  })
})

describe('a 401: one refresh, the request sent once more with the new token', () => {
  test.each<[string, () => NonNullable<RequestInit['body']>, string | null]>([
    ['a string', () => JSON.stringify({ n: 1 }), 'text/plain;charset=UTF-8'],
    ['URLSearchParams', () => new URLSearchParams({ a: '1', b: 'two' }), 'application/x-www-form-urlencoded;charset=UTF-8'],
    ['a Blob', () => new Blob(['a blob'], { type: 'text/plain' }), 'text/plain'],
    ['a Uint8Array', () => new TextEncoder().encode('bytes'), null],
    ['an ArrayBuffer', () => new TextEncoder().encode('a buffer').buffer as ArrayBuffer, null],
  ])('body: %s', async (_, makeBody, contentType) => {
    const tokens = expiredOnTheServer(server)
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const body = makeBody()
    const text = await new Response(makeBody()).text()
    const answer = await answerOf(await manager.fetch(`${server.origin}/api/echo`, { method: 'POST', body, headers: { 'X-App': 'two' } }))

    const fresh = server.lastIssued!.accessToken
    expect(answer).toStrictEqual(echo({ method: 'POST', authorization: `Bearer ${fresh}`, xApp: 'two', contentType, body: text }))
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(server.apiRequests).toStrictEqual([
      { path: '/api/echo', authorization: `Bearer ${tokens.accessToken}` },
      { path: '/api/echo', authorization: `Bearer ${fresh}` },
    ])
  })

  test('a Request with a body: a clone of it is sent the second time', async () => {
    const tokens = expiredOnTheServer(server)
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const request = new Request(`${server.origin}/api/echo`, { method: 'PUT', body: 'from a Request', headers: { 'X-App': 'three' } })
    const answer = await answerOf(await manager.fetch(request))
    const fresh = server.lastIssued!.accessToken
    expect(answer).toStrictEqual(
      echo({ method: 'PUT', authorization: `Bearer ${fresh}`, xApp: 'three', contentType: 'text/plain;charset=UTF-8', body: 'from a Request' }),
    )
    expect(server.apiRequests.map((sent) => sent.authorization)).toStrictEqual([`Bearer ${tokens.accessToken}`, `Bearer ${fresh}`])
  })

  test('a second 401, after the refresh, is returned as it came: no second refresh, no third send', async () => {
    const tokens = server.signIn()
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const answer = await answerOf(await manager.fetch(`${server.origin}/api/other-service`))
    expect(answer).toStrictEqual(BAD_SIGNATURE)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(server.apiRequests).toStrictEqual([
      { path: '/api/other-service', authorization: `Bearer ${tokens.accessToken}` },
      { path: '/api/other-service', authorization: `Bearer ${server.lastIssued!.accessToken}` },
    ])
  })

  test('a stream body is sent once: its 401 comes back after the refresh, and the next request has the new token', async () => {
    const tokens = expiredOnTheServer(server)
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'))
        controller.close()
      },
    })
    // Node's fetch needs duplex for a stream body (browsers that take one, too).
    const init = { method: 'POST', body, duplex: 'half' } as RequestInit
    expect(await answerOf(await manager.fetch(`${server.origin}/api/echo`, init))).toStrictEqual(EXPIRED)
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(server.apiRequests).toStrictEqual([{ path: '/api/echo', authorization: `Bearer ${tokens.accessToken}` }])

    const fresh = server.lastIssued!.accessToken
    expect(await answerOf(await manager.fetch(`${server.origin}/api/echo`))).toStrictEqual(echo({ authorization: `Bearer ${fresh}` }))
    expect(server.counts.refresh).toBe(1)
  })

  test('a 401 that arrives after another request refreshed: sent again with that new token, no second refresh', async () => {
    const tokens = expiredOnTheServer(server)
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const release = server.holdApiRequests('slow')
    const slow = manager.fetch(`${server.origin}/api/echo`, { headers: { 'X-App': 'slow' } })
    const fast = await answerOf(await manager.fetch(`${server.origin}/api/echo`, { headers: { 'X-App': 'fast' } }))
    const fresh = `Bearer ${server.lastIssued!.accessToken}`
    expect(fast).toStrictEqual(echo({ authorization: fresh, xApp: 'fast' }))
    release()
    expect(await answerOf(await slow)).toStrictEqual(echo({ authorization: fresh, xApp: 'slow' }))
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(server.apiRequests.map((request) => request.authorization)).toStrictEqual([`Bearer ${tokens.accessToken}`, `Bearer ${tokens.accessToken}`, fresh, fresh])
  })

  test('20 requests refused together: one refresh, each sent once more', async () => {
    const tokens = expiredOnTheServer(server)
    manager = createTokenManager({ refreshUrl: server.refreshUrl, tokens })
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => manager.fetch(`${server.origin}/api/echo`, { headers: { 'X-App': String(i) } })),
    )
    const answers = await Promise.all(responses.map(answerOf))
    const fresh = `Bearer ${server.lastIssued!.accessToken}`
    expect(server.counts).toStrictEqual({ refresh: 1, refreshed: 1, invalidGrant: 0 })
    expect(answers).toStrictEqual(Array.from({ length: 20 }, (_, i) => echo({ authorization: fresh, xApp: String(i) })))
    const sent = server.apiRequests.map((request) => request.authorization)
    expect(sent.filter((authorization) => authorization === `Bearer ${tokens.accessToken}`)).toHaveLength(20)
    expect(sent.filter((authorization) => authorization === fresh)).toHaveLength(20)
    expect(sent).toHaveLength(40)
  })
})
