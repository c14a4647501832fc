import { Agent, get } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'

import { decode } from 'jsonwebtoken'

import { isInFile } from '../../src/blacklist/is-in-file'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import type { Answer } from '../support/http'
import { KEY_KINDS, NOW, tokenFor, type KeyKind } from '../support/keys'
import { BAD_ALGORITHM, BAD_SIGNATURE, EXPIRED, NO_SIGNATURE, REVOKED, ok } from '../support/answers'
import { CLAIMS, forge, signAs } from '../security/support/forge'

// 200 concurrent clients on 127.0.0.1 send valid, revoked, expired and forged tokens (2:1:1:1) for HS256,
// RS256 and ES256 routes, for a bounded time shared by all doors. Every answer must be exactly
// the right one, and every request sent must be answered: counted per kind.

const CLIENTS = 200
// About 16 s in all, whatever the number of doors (LOAD_MS sets each door's share).
const PER_DOOR_MS = Number(process.env.LOAD_MS) || Math.min(8_000, Math.max(1_000, Math.floor(16_000 / DOORS.length)))
const KINDS = ['valid', 'revoked', 'expired', 'forged'] as const
type Kind = (typeof KINDS)[number]

interface Request {
  kind: Kind
  path: string
  token: string
  expected: Answer
}

function requestsFor(key: KeyKind): Request[] {
  const path = `/${key.name}`
  const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i))
  const forged: [string, Answer][] = [
    [tokenFor(key, { sub: 'x' }, {}, key.otherSigningKey), BAD_SIGNATURE],
    [tamper(tokenFor(key, { sub: 'x' })), BAD_SIGNATURE],
    [forge({ alg: 'none', typ: 'JWT' }, CLAIMS), NO_SIGNATURE],
    [key.name === 'HS256' ? signAs({ alg: 'HS512' }, CLAIMS, 'guessed-secret') : signAs({ alg: 'HS256' }, CLAIMS, key.verifyKey), key.name === 'HS256' ? BAD_SIGNATURE : BAD_ALGORITHM],
  ]
  return [
    ...many(100, (i) => tokenFor(key, { sub: String(i), jti: `valid-${i}` })).map((token) => ({ kind: 'valid' as const, path, token, expected: ok(decode(token)) })),
    ...many(50, (i) => tokenFor(key, { sub: String(i), jti: `revoked-${i}` })).map((token) => ({ kind: 'revoked' as const, path, token, expected: REVOKED })),
    ...many(50, (i) => tokenFor(key, { sub: String(i), exp: NOW - 60 - i })).map((token) => ({ kind: 'expired' as const, path, token, expected: EXPIRED })),
    // As many forged as revoked or expired: 4 forgeries, each sent as often as 12 of the others.
    ...forged.flatMap(([token, expected]) => many(12, () => token).map(() => ({ kind: 'forged' as const, path, token, expected }))),
  ]
}

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.')
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'admin' }
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
}

const REQUESTS = KEY_KINDS.flatMap(requestsFor)
const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-load-'))
writeFileSync(join(dir, 'blacklist.txt'), REQUESTS.filter((r) => r.kind === 'revoked').map((r) => r.token).join('\n'))
const blackList = isInFile(join(dir, 'blacklist.txt'))
afterAll(() => blackList.close())
const ROUTES: RouteSpec[] = KEY_KINDS.map((key) => ({ path: `/${key.name}`, mode: 'required', options: { secretOrPublicKey: key.verifyKey, blackList } }))

/** One GET on a keep-alive socket: the table's three fields, or a rejection (an error counts as dropped). */
function ask(agent: Agent, url: string, token: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('error', reject)
      response.on('end', () => {
        const json = (response.headers['content-type'] ?? '').includes('json') && text !== ''
        resolve({ status: response.statusCode ?? 0, body: json ? JSON.parse(text) : text, wwwAuthenticate: response.headers['www-authenticate'] ?? null })
      })
    })
    request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')))
    request.on('error', reject)
  })
}

const zero = () => Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>

describe.each(DOORS)('load: 200 concurrent clients, mixed tokens, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test(`every request is answered, each exactly right (${PER_DOOR_MS} ms)`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS })
    const sent = zero()
    const answered = zero()
    const right = zero()
    const wrong: { kind: Kind; expected: Answer; answer: Answer }[] = []
    const dropped: string[] = []
    const deadline = Date.now() + PER_DOOR_MS
    const client = async (offset: number) => {
      for (let i = offset; Date.now() < deadline; i += CLIENTS) {
        const { kind, path, token, expected } = REQUESTS[i % REQUESTS.length]
        sent[kind]++
        try {
          const answer = await ask(agent, server.url + path, token)
          answered[kind]++
          if (isDeepStrictEqual(answer, expected)) right[kind]++
          else if (wrong.length < 5) wrong.push({ kind, expected, answer })
        } catch (error) {
          dropped.push(`${kind}: ${(error as Error).message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)))
    agent.destroy()
    if (process.env.LOAD_REPORT) console.log(door.name, JSON.stringify({ sent, ms: PER_DOOR_MS }))
    expect({ answered, right, wrong, dropped: dropped.slice(0, 5), everyKindSent: KINDS.every((kind) => sent[kind] > 0) }).toStrictEqual({
      answered: sent,
      right: sent,
      wrong: [],
      dropped: [],
      everyKindSent: true,
    })
  })
})
