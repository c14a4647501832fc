import { createServer, type Server } from 'node:http'

import { Context, Get, HttpResponseOK, createApp, Config } from '@foal/core'

import { createAuthenticator } from '../../src/core/pipeline/create-authenticator'
import { JWTRequired } from '../../src/foal/jwt-required.hook'
import { close, listen, type Answer } from '../support/http'
import { KEY_KINDS } from '../support/keys'
import { BAD_ALGORITHM, BAD_SIGNATURE, NOT_A_TOKEN } from '../support/answers'
import { jsonSegment, segment } from '../security/support/forge'
import { answerOf, sendRaw } from '../security/support/raw'
import { nestedJson } from './support/arbitraries'

// JSON parts nested 10k, 100k and 1M deep: more than a default header limit carries, so over a
// FoalTS app whose server takes 8 MiB of headers, and through the core with no server at all.
// A recursive parser would overflow its stack here; the answer must still be the table's. A
// header nested deeper than 16 levels is not parsed at all: `invalid token`, as a header that is
// no JSON (jsonwebtoken, which parses it, says `invalid algorithm` for the closed ones). A payload
// is parsed only once its signature is authentic, so these forged ones are refused unread.

const [HS, RS] = KEY_KINDS
const SIGNATURE = Buffer.alloc(32, 1).toString('base64url')
const HEADER = { alg: 'HS256', typ: 'JWT' }

interface Case {
  title: string
  token: string
  expected: Answer
}
const CASES: Case[] = [10_000, 100_000, 1_000_000].flatMap((depth) => [
  { title: `header: arrays ${depth} deep`, token: `${segment(nestedJson(depth, 'array'))}.${jsonSegment({ sub: '1' })}.${SIGNATURE}`, expected: NOT_A_TOKEN },
  { title: `header: objects ${depth} deep`, token: `${segment(nestedJson(depth, 'object'))}.${jsonSegment({ sub: '1' })}.${SIGNATURE}`, expected: NOT_A_TOKEN },
  { title: `header: a member ${depth} deep beside a good alg`, token: `${segment(`{"alg":"HS256","x":${nestedJson(depth, 'array')}}`)}.${jsonSegment({ sub: '1' })}.${SIGNATURE}`, expected: NOT_A_TOKEN },
  { title: `header: unclosed arrays ${depth} deep`, token: `${segment('['.repeat(depth))}.${jsonSegment({})}.${SIGNATURE}`, expected: NOT_A_TOKEN },
  { title: `payload: arrays ${depth} deep`, token: `${jsonSegment(HEADER)}.${segment(nestedJson(depth, 'array'))}.${SIGNATURE}`, expected: BAD_SIGNATURE },
  { title: `payload: a claim ${depth} deep`, token: `${jsonSegment(HEADER)}.${segment(`{"sub":${nestedJson(depth, 'object')}}`)}.${SIGNATURE}`, expected: BAD_SIGNATURE },
])

class ApiController {
  @Get('/me')
  @JWTRequired({ secretOrPublicKey: HS.verifyKey })
  me(ctx: Context) {
    return new HttpResponseOK({ user: ctx.user })
  }
}

let server: Server
let url: string
beforeAll(async () => {
  Config.set('settings.logger.format', 'none')
  server = createServer({ maxHeaderSize: 8 * 1024 * 1024 }, await createApp(ApiController))
  url = `${await listen(server)}/me`
})
afterAll(() => close(server))

describe('deeply nested JSON parts', () => {
  test.each(CASES)('FoalTS over HTTP, $title', async ({ token, expected }) => {
    expect(answerOf(await sendRaw(url, { Authorization: `Bearer ${token}` }))).toStrictEqual(expected)
  })

  test.each(CASES)('the core, RS256 key, $title', async ({ token, expected }) => {
    const authenticate = createAuthenticator({ secretOrPublicKey: RS.verifyKey })
    const result = await authenticate({ header: () => `Bearer ${token}`, cookie: () => undefined })
    // An HS256 header meets an RSA key: the algorithm is refused before the signature is looked at.
    const onRsa = expected === BAD_SIGNATURE ? BAD_ALGORITHM : expected
    expect({ ...result }).toStrictEqual({ status: onRsa.status, body: onRsa.body, headers: { 'WWW-Authenticate': onRsa.wwwAuthenticate } })
  })
})
