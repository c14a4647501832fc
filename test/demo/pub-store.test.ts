import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { runCli } from '../cli/support/run-cli'
import { SECRET } from '../support/keys'
import { startDemoProcess, type DemoProcess } from './support/demo-process'

// The demo's /pub/* store end to end, as curl would use it: a real `npm start` process on a
// SQLite file of its own, tokens minted by POST /auth/tokens with caps, raw bytes in and out.

interface Reply {
  status: number
  type: string | undefined
  body: Buffer
  wwwAuthenticate: string | undefined
}

let cwd: string
let demo: DemoProcess
let url: string
const env = { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET }

function curl(method: string, target: string, { token, type, body }: { token?: string; type?: string; body?: Buffer | string } = {}): Promise<Reply> {
  const { hostname, port } = new URL(url)
  const headers: Record<string, string | number> = {}
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (type !== undefined) headers['content-type'] = type
  const bytes = body === undefined ? undefined : Buffer.from(body)
  if (bytes !== undefined) headers['content-length'] = bytes.length
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          body: Buffer.concat(chunks),
          wwwAuthenticate: res.headers['www-authenticate'] as string | undefined,
        }),
      )
    })
    req.on('error', reject)
    req.end(bytes)
  })
}

const json = (reply: Reply) => ({ status: reply.status, body: JSON.parse(reply.body.toString()), wwwAuthenticate: reply.wwwAuthenticate })
const empty = (status: number) => ({ status, type: undefined, body: Buffer.alloc(0), wwwAuthenticate: undefined })
const NOT_FOUND = { status: 404, body: { code: 'not_found', description: 'Nothing is stored at this path.' }, wwwAuthenticate: undefined }
const insufficient = (access: string, path: string) => {
  const description = `The token does not grant ${access} on ${path}.`
  return { status: 403, body: { code: 'insufficient_scope', description }, wwwAuthenticate: `error="insufficient_scope", error_description="${description}"` }
}

let apiKey: string
async function mint(userId: string, caps: string): Promise<string> {
  const reply = await curlJson('/auth/tokens', { userId, caps })
  expect(reply.status).toBe(200)
  return JSON.parse(reply.body.toString()).accessToken
}
function curlJson(target: string, value: unknown): Promise<Reply> {
  const { hostname, port } = new URL(url)
  const bytes = Buffer.from(JSON.stringify(value))
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': bytes.length, 'x-api-key': apiKey }
    const req = request({ host: hostname, port, method: 'POST', path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks), wwwAuthenticate: undefined }))
    })
    req.on('error', reject)
    req.end(bytes)
  })
}

let ann: string
let bob: string
beforeAll(async () => {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-pub-')))
  const created = await runCli(['create-api-key', 'pub-test'], { cwd, env })
  expect(created.code).toBe(0)
  apiKey = created.stdout.trim()
  demo = startDemoProcess(cwd, env)
  url = await demo.url()
  ann = await mint('ann', '/pub/notes/:rw,/pub/readme.txt:r')
  bob = await mint('bob', '/pub/notes/:rw')
}, 60_000)
afterAll(async () => {
  await demo?.stop()
  rmSync(cwd, { recursive: true, force: true })
})

describe('the demo /pub/* store behind capabilities: true, with tokens minted with caps', () => {
  test('PUT stores the raw bytes with their Content-Type (204); GET answers them as they came', async () => {
    const text = '{"b": 2,   "a": [1]}'
    expect(await curl('PUT', '/pub/notes/raw.json', { token: ann, type: 'application/json', body: text })).toStrictEqual(empty(204))
    const read = await curl('GET', '/pub/notes/raw.json', { token: ann })
    expect({ status: read.status, type: read.type, body: read.body.toString() }).toStrictEqual({ status: 200, type: 'application/json', body: text })
  })

  test('bytes that are no text, and a value replaced', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13, 0])
    expect(await curl('PUT', '/pub/notes/blob', { token: ann, type: 'application/octet-stream', body: 'first' })).toStrictEqual(empty(204))
    expect(await curl('PUT', '/pub/notes/blob', { token: ann, type: 'application/octet-stream', body: bytes })).toStrictEqual(empty(204))
    const read = await curl('GET', '/pub/notes/blob', { token: ann })
    expect({ status: read.status, type: read.type, body: read.body }).toStrictEqual({ status: 200, type: 'application/octet-stream', body: bytes })
  })

  test('nothing stored: 404; DELETE answers 204 once, then 404', async () => {
    expect(json(await curl('GET', '/pub/notes/missing', { token: ann }))).toStrictEqual(NOT_FOUND)
    await curl('PUT', '/pub/notes/gone.txt', { token: ann, type: 'text/plain', body: 'bye' })
    expect(await curl('DELETE', '/pub/notes/gone.txt', { token: ann })).toStrictEqual(empty(204))
    expect(json(await curl('DELETE', '/pub/notes/gone.txt', { token: ann }))).toStrictEqual(NOT_FOUND)
    expect(json(await curl('GET', '/pub/notes/gone.txt', { token: ann }))).toStrictEqual(NOT_FOUND)
  })

  test('per subject: the same capability of another user never reaches her values', async () => {
    await curl('PUT', '/pub/notes/mine.txt', { token: ann, type: 'text/plain', body: "ann's" })
    expect(json(await curl('GET', '/pub/notes/mine.txt', { token: bob }))).toStrictEqual(NOT_FOUND)
    expect(json(await curl('DELETE', '/pub/notes/mine.txt', { token: bob }))).toStrictEqual(NOT_FOUND)
    await curl('PUT', '/pub/notes/mine.txt', { token: bob, type: 'text/plain', body: "bob's" })
    expect([(await curl('GET', '/pub/notes/mine.txt', { token: ann })).body.toString(), (await curl('GET', '/pub/notes/mine.txt', { token: bob })).body.toString()]).toStrictEqual([
      "ann's",
      "bob's",
    ])
  })

  test('what the caps do not cover: 403 insufficient_scope with WWW-Authenticate', async () => {
    expect(json(await curl('PUT', '/pub/readme.txt', { token: ann, type: 'text/plain', body: 'x' }))).toStrictEqual(insufficient('write', '/pub/readme.txt'))
    expect(json(await curl('GET', '/pub/other/x', { token: ann }))).toStrictEqual(insufficient('read', '/pub/other/x'))
    expect(json(await curl('GET', '/pub/notes/../secret', { token: ann }))).toStrictEqual(insufficient('read', '/pub/notes/../secret'))
    expect(json(await curl('GET', '/pub/notes%2F..%2Fsecret', { token: ann }))).toStrictEqual(insufficient('read', '/pub/notes%2F..%2Fsecret'))
  })

  test('no token: row 2, before anything is read', async () => {
    expect(json(await curl('GET', '/pub/notes/raw.json'))).toStrictEqual({
      status: 400,
      body: { code: 'invalid_request', description: 'Authorization header not found.' },
      wwwAuthenticate: undefined,
    })
  })

  test('64 KiB is stored; one byte more is 413', async () => {
    const limit = Buffer.alloc(64 * 1024, 'a')
    expect(await curl('PUT', '/pub/notes/big', { token: ann, type: 'text/plain', body: limit })).toStrictEqual(empty(204))
    expect((await curl('GET', '/pub/notes/big', { token: ann })).body.length).toBe(64 * 1024)
    const over = await curl('PUT', '/pub/notes/big', { token: ann, type: 'text/plain', body: Buffer.alloc(64 * 1024 + 1, 'b') })
    expect(json(over)).toStrictEqual({ status: 413, body: { code: 'invalid_request', description: 'The value is larger than 64 KiB.' }, wwwAuthenticate: undefined })
    expect((await curl('GET', '/pub/notes/big', { token: ann })).body.equals(limit)).toBe(true)
  })

  test('a stored page is served sandboxed: it never runs as the demo origin', async () => {
    await curl('PUT', '/pub/notes/page.html', { token: ann, type: 'text/html', body: '<script>alert(1)</script>' })
    const { hostname, port } = new URL(url)
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request({ host: hostname, port, path: '/pub/notes/page.html', headers: { authorization: `Bearer ${ann}` }, agent: false }, (res) => {
        res.resume()
        resolve(res.headers)
      })
        .on('error', reject)
        .end()
    })
    expect([headers['content-type'], headers['content-security-policy'], headers['x-content-type-options']]).toStrictEqual(['text/html', "default-src 'none'; sandbox", 'nosniff'])
  })
})
