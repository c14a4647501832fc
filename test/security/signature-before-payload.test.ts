import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import type { VerifyOptions } from '../../src/core/types'
import { DOORS } from '../conformance/doors'
import type { RouteSpec, Running } from '../conformance/routes'
import { BAD_SIGNATURE, invalidToken } from '../support/answers'
import { send } from '../support/http'
import { KEY_KINDS } from '../support/keys'
import { nestedJson } from '../fuzz/support/arbitraries'
import { jsonSegment, segment } from './support/forge'

// A forged token's payload was parsed before its signature was checked (jsonwebtoken's order):
// refusing a 16 KB token of nested arrays cost 15 times a flat one. The signature is checked
// first now, as jose does, and only an authentic payload is ever read: these tokens are refused
// without their payload reaching JSON.parse, on every key type, with jsonwebtoken's claims
// (maxAge) as with the local ones, and for PS256 (once left to jsonwebtoken whole).

const [HS, RS, ES] = KEY_KINDS
const DEPTH = 2_500
const PAYLOADS = [
  ['nested arrays', nestedJson(DEPTH, 'array')],
  // (5 characters a level: fewer levels, so the token fits Node's 16 KB of headers)
  ['nested objects', nestedJson(DEPTH / 2, 'object')],
  ['claims with a nested one', `{"sub":"1","deep":${nestedJson(DEPTH, 'array')}}`],
  ['text that is no JSON', `[${'{'.repeat(DEPTH)}`],
] as const

interface Target {
  name: string
  options: { secretOrPublicKey: string }
  verifyOptions?: VerifyOptions
  /** The header's algorithm, and a signature of the right length that nobody made. */
  alg: string
  signature: string
}
const random = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64url')
const TARGETS: Target[] = [
  { name: 'HS256', options: { secretOrPublicKey: HS.verifyKey }, alg: 'HS256', signature: random(32) },
  { name: 'HS256 maxAge', options: { secretOrPublicKey: HS.verifyKey }, verifyOptions: { maxAge: '1h' }, alg: 'HS256', signature: random(32) },
  { name: 'RS256', options: { secretOrPublicKey: RS.verifyKey }, alg: 'RS256', signature: random(256) },
  { name: 'PS256 on an RSA key', options: { secretOrPublicKey: RS.verifyKey }, alg: 'PS256', signature: random(256) },
  { name: 'ES256', options: { secretOrPublicKey: ES.verifyKey }, alg: 'ES256', signature: random(64) },
]
const ROUTES: RouteSpec[] = TARGETS.map((target, i) => ({ path: `/t${i}`, mode: 'required', options: target.options, verifyOptions: target.verifyOptions }))
const CASES = TARGETS.flatMap((target, i) =>
  PAYLOADS.map(([what, text]) => ({
    title: `${target.name}: ${what}`,
    path: `/t${i}`,
    target,
    text,
    token: `${jsonSegment({ alg: target.alg, typ: 'JWT' })}.${segment(text)}.${target.signature}`,
  })),
)

/** The texts JSON.parse was handed while `run` ran that are as long as a payload here. */
async function parsedLongTexts(run: () => Promise<unknown>): Promise<number> {
  const parse = jest.spyOn(JSON, 'parse')
  try {
    await run()
    return parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length >= DEPTH).length
  } finally {
    parse.mockRestore()
  }
}

describe('signature before payload: a forged token is refused without its payload being parsed', () => {
  test.each(CASES)('the core, $title', async ({ target, token }) => {
    const authenticate = createAuthenticator(target.options, target.verifyOptions)
    let answer: unknown
    expect(await parsedLongTexts(async () => (answer = await authenticate({ header: () => `Bearer ${token}`, cookie: () => undefined })))).toBe(0)
    expect(answer).toStrictEqual(expect.objectContaining({ status: 401, body: { code: 'invalid_token', description: 'invalid signature' } }))
  })

  test('the same payloads, signed, are parsed: the spy sees them', async () => {
    const authenticate = createAuthenticator({ secretOrPublicKey: HS.verifyKey })
    const signed = require('jsonwebtoken').sign({ sub: '1', deep: JSON.parse(nestedJson(100, 'array')), pad: 'x'.repeat(DEPTH) }, HS.signingKey)
    let answer: unknown
    expect(await parsedLongTexts(async () => (answer = await authenticate({ header: () => `Bearer ${signed}`, cookie: () => undefined })))).toBe(1)
    expect(answer).toStrictEqual(expect.objectContaining({ user: expect.objectContaining({ sub: '1' }) }))
  })
})

describe.each(DOORS)('signature before payload over HTTP, door $name', (door) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test.each(CASES)('$title', async ({ path, token }) => {
    expect(await parsedLongTexts(async () => expect(await send(server.url + path, { authorization: `Bearer ${token}` })).toStrictEqual(BAD_SIGNATURE))).toBe(0)
  })

  test('an unsigned (alg none) nested token is refused by its header, its payload unread', async () => {
    const token = `${jsonSegment({ alg: 'none', typ: 'JWT' })}.${segment(nestedJson(DEPTH, 'array'))}.${random(32)}`
    expect(await parsedLongTexts(async () => expect(await send(`${server.url}/t0`, { authorization: `Bearer ${token}` })).toStrictEqual(invalidToken('invalid algorithm')))).toBe(0)
  })
})
