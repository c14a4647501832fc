import { createServer, request, type Server } from 'node:http'

import { createLinkRelay, type LinkRelay, type LinkRelayOptions } from '../../src/login/pubky/create-link-relay'
import { LINK_RELAY_ANSWERS, type LinkRelayAnswer } from '../../src/login/pubky/link-relay-answers'
import { close, listen } from '../support/http'

// The httprelay `link` endpoint over real node:http on 127.0.0.1, as the Pubky SDK uses it.

interface RelayAnswer {
  status: number
  headers: Record<string, string | null>
  body: unknown
}

let server: Server
let relay: LinkRelay
let base: string

async function start(options: LinkRelayOptions = {}): Promise<void> {
  relay = createLinkRelay(options)
  server = createServer((req, res) => relay.handle(req, res))
  base = `${await listen(server)}/link`
}

afterEach(async () => {
  relay.close()
  await close(server)
})

async function answerOf(response: Response): Promise<RelayAnswer> {
  const type = response.headers.get('content-type')
  const bytes = Buffer.from(await response.arrayBuffer())
  return {
    status: response.status,
    headers: { 'content-type': type, 'access-control-allow-origin': response.headers.get('access-control-allow-origin'), 'cache-control': response.headers.get('cache-control') },
    body: type?.includes('json') ? JSON.parse(bytes.toString()) : bytes.toString('hex'),
  }
}

const ask = async (method: string, channel: string, body?: Uint8Array, signal?: AbortSignal) =>
  answerOf(await fetch(`${base}/${channel}`, { method, body, signal }))

const bytesAnswer = (hex: string): RelayAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*', 'cache-control': 'no-store' },
  body: hex,
})
const refusal = (name: LinkRelayAnswer): RelayAnswer => {
  const { status, code, description } = LINK_RELAY_ANSWERS[name]
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*', 'cache-control': 'no-store' }, body: { code, description } }
}
const EMPTY = bytesAnswer('')

/** Resolves once the relay holds `n` waiting requests (a condition, not a fixed delay). */
async function waiting(n: number): Promise<void> {
  for (let i = 0; i < 500 && relay.size !== n; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  expect(relay.size).toBe(n)
}

const PAYLOAD = Uint8Array.from([0, 1, 2, 0xfe, 0xff])

describe('link relay: a GET receives the bytes of the POST on its channel', () => {
  test('GET first: it waits for the POST, which gets an empty 200', async () => {
    await start()
    const consumer = ask('GET', 'chan_1')
    await waiting(1)
    expect(await ask('POST', 'chan_1', PAYLOAD)).toStrictEqual(EMPTY)
    expect(await consumer).toStrictEqual(bytesAnswer('000102feff'))
    expect(relay.size).toBe(0)
  })

  test('POST first: it waits for the GET', async () => {
    await start()
    const producer = ask('POST', 'chan-2', PAYLOAD)
    await waiting(1)
    expect(await ask('GET', 'chan-2')).toStrictEqual(bytesAnswer('000102feff'))
    expect(await producer).toStrictEqual(EMPTY)
  })

  test('channels are separate, and a message is delivered once', async () => {
    await start({ waitMs: 300 })
    const a = ask('GET', 'a')
    const b = ask('GET', 'b')
    await waiting(2)
    await ask('POST', 'b', Uint8Array.of(0xbb))
    expect(await b).toStrictEqual(bytesAnswer('bb'))
    expect(await a).toStrictEqual(refusal('timeout'))
  })

  test('an empty body is a message too', async () => {
    await start()
    const consumer = ask('GET', 'empty')
    await waiting(1)
    await ask('POST', 'empty', new Uint8Array(0))
    expect(await consumer).toStrictEqual(bytesAnswer(''))
  })
})

describe('link relay: bounded', () => {
  test('504 for a GET nobody posts to in time, and for a POST nobody reads', async () => {
    await start({ waitMs: 100 })
    expect(await Promise.all([ask('GET', 'nobody'), ask('POST', 'nobody-reads', PAYLOAD)])).toStrictEqual([refusal('timeout'), refusal('timeout')])
    expect(relay.size).toBe(0)
  })

  test('413 for a body over the limit, announced by Content-Length', async () => {
    await start({ maxBodyBytes: 4 })
    expect(await ask('POST', 'big', PAYLOAD)).toStrictEqual(refusal('tooLarge'))
    expect(relay.size).toBe(0)
  })

  test('413 for a chunked body that grows past the limit', async () => {
    await start({ maxBodyBytes: 1000 })
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/chunked`, { method: 'POST' }, (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on('error', reject)
      req.write(Buffer.alloc(800))
      req.write(Buffer.alloc(800))
      req.end()
    })
    expect([status, relay.size]).toStrictEqual([413, 0])
  })

  test('503 with Retry-After when maxWaiting requests already wait', async () => {
    await start({ maxWaiting: 2 })
    const held = [ask('GET', 'one'), ask('GET', 'two')]
    await waiting(2)
    const response = await fetch(`${base}/three`)
    expect([response.headers.get('retry-after'), await answerOf(response)]).toStrictEqual(['1', refusal('busy')])
    relay.close()
    expect(await Promise.all(held)).toStrictEqual([refusal('closing'), refusal('closing')])
  })

  test.each([
    ['too long', 'a'.repeat(129)],
    ['a dot', 'a.b'],
    ['percent-encoded', 'a%2Fb'],
  ])('400 for a channel name that is %s', async (_why, channel) => {
    await start()
    expect(await ask('GET', channel)).toStrictEqual(refusal('badChannel'))
  })

  test('405 with Allow for another method; CORS preflight answered', async () => {
    await start()
    const put = await fetch(`${base}/x`, { method: 'PUT', body: 'x' })
    expect([put.headers.get('allow'), await answerOf(put)]).toStrictEqual(['GET, POST, OPTIONS', refusal('method')])
    const preflight = await fetch(`${base}/x`, { method: 'OPTIONS' })
    expect([preflight.status, preflight.headers.get('access-control-allow-origin'), preflight.headers.get('access-control-allow-methods')]).toStrictEqual([204, '*', 'GET, POST'])
  })
})

describe('link relay: early close never crashes and leaves nothing behind', () => {
  test('a GET that goes away is forgotten; the next POST waits for a live GET', async () => {
    await start()
    const gone = new AbortController()
    const abandoned = ask('GET', 'left', undefined, gone.signal).catch((error: Error) => error.name)
    await waiting(1)
    gone.abort()
    expect(await abandoned).toBe('AbortError')
    await waiting(0)
    const producer = ask('POST', 'left', PAYLOAD)
    await waiting(1)
    expect(await ask('GET', 'left')).toStrictEqual(bytesAnswer('000102feff'))
    expect(await producer).toStrictEqual(EMPTY)
  })

  test('a POST that goes away mid-body is forgotten', async () => {
    await start()
    await new Promise<void>((resolve) => {
      const req = request(`${base}/half`, { method: 'POST', headers: { 'content-length': '100' } })
      req.on('error', () => resolve())
      req.write(Buffer.alloc(10), () => setTimeout(() => req.destroy(), 20))
    })
    await waiting(0)
    const consumer = ask('GET', 'half')
    await waiting(1)
    await ask('POST', 'half', PAYLOAD)
    expect(await consumer).toStrictEqual(bytesAnswer('000102feff'))
  })

  test('a second GET on a channel takes the place of the first, which gets 409', async () => {
    await start()
    const first = ask('GET', 'again')
    await waiting(1)
    const second = ask('GET', 'again')
    expect(await first).toStrictEqual(refusal('replaced'))
    await ask('POST', 'again', PAYLOAD)
    expect(await second).toStrictEqual(bytesAnswer('000102feff'))
  })

  test('bad options are TypeErrors', () => {
    relay = createLinkRelay()
    server = createServer()
    expect(() => createLinkRelay({ waitMs: 0 })).toThrow(new TypeError('jwt-hooks: "waitMs" must be a whole number >= 1'))
    expect(() => createLinkRelay({ maxBodyBytes: 1.5 })).toThrow(new TypeError('jwt-hooks: "maxBodyBytes" must be a whole number >= 1'))
  })
})
