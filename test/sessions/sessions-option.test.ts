import { sign } from 'jsonwebtoken'

import * as express from '../../src/adapters/express'
import * as fastify from '../../src/adapters/fastify'
import * as http from '../../src/adapters/http'
import * as koa from '../../src/adapters/koa'
import { JWTOptional } from '../../src/foal/jwt-optional.hook'
import { JWTRequired } from '../../src/foal/jwt-required.hook'
import { MemorySessionStore } from '../../src/stores/memory/memory-session-store'
import { createTokenSigner } from '../../src/tokens/create-token-signer'
import { createSessions, type Sessions } from '../../src/tokens/sessions'
import { DOORS } from '../conformance/doors'
import type { Running } from '../conformance/routes'
import { EXPIRED, REVOKED, BAD_SIGNATURE, ok } from '../support/answers'
import { send } from '../support/http'
import { NOW, SECRET } from '../support/keys'

let sessions: Sessions
let live: { accessToken: string; sid: string }
let revoked: { accessToken: string; sid: string }

beforeAll(async () => {
  sessions = createSessions({ store: new MemorySessionStore(), signer: createTokenSigner({ secretOrPublicKey: SECRET, privateKey: undefined, algorithm: undefined }) })
  await sessions.ready()
  const issue = async () => {
    const { accessToken } = await sessions.issueSession('user-1', { claims: { email: 'a@example.com' } })
    return { accessToken, sid: JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid as string }
  }
  live = await issue()
  revoked = await issue()
  await sessions.revokeSession(revoked.sid)
})
afterAll(() => sessions.close())

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
const signed = (claims: Record<string, unknown>, key = SECRET) => sign({ sub: 'user-1', iat: NOW - 10, exp: NOW + 3600, ...claims }, key)

describe.each(DOORS)('the sessions option: $name', (door) => {
  let running: Running
  beforeAll(async () => {
    const blackList = (token: string) => token === blacklisted
    running = await door.start([
      { path: '/required', mode: 'required', options: { secretOrPublicKey: SECRET, sessions } },
      { path: '/optional', mode: 'optional', options: { secretOrPublicKey: SECRET, sessions } },
      { path: '/both', mode: 'required', options: { secretOrPublicKey: SECRET, sessions, blackList } },
      { path: '/without', mode: 'required', options: { secretOrPublicKey: SECRET } },
    ])
  })
  afterAll(() => running.close())
  let blacklisted = ''
  const at = (path: string, token: string) => send(`${running.url}${path}`, { authorization: `Bearer ${token}` })

  test('a token of a live session passes, required and optional', async () => {
    expect(await at('/required', live.accessToken)).toStrictEqual(ok(payloadOf(live.accessToken)))
    expect(await at('/optional', live.accessToken)).toStrictEqual(ok(payloadOf(live.accessToken)))
  })

  test('a token of a revoked session: row 5 (jwt revoked), required and optional; a door without the option lets it through', async () => {
    expect(await at('/required', revoked.accessToken)).toStrictEqual(REVOKED)
    expect(await at('/optional', revoked.accessToken)).toStrictEqual(REVOKED)
    expect(await at('/without', revoked.accessToken)).toStrictEqual(ok(payloadOf(revoked.accessToken)))
  })

  test('a token without a string sid is not bound to a session: judged as without the option', async () => {
    for (const claims of [{}, { sid: 42 }, { sid: null }]) {
      const token = signed(claims)
      expect(await at('/required', token)).toStrictEqual(ok(payloadOf(token)))
    }
  })

  test('only authentic, unexpired tokens are asked about: a revoked sid on a forged or expired token gets that row', async () => {
    expect(await at('/required', signed({ sid: revoked.sid }, 'another-secret-of-at-least-thirty-two-bytes'))).toStrictEqual(BAD_SIGNATURE)
    expect(await at('/required', signed({ sid: revoked.sid, exp: NOW - 5 }))).toStrictEqual(EXPIRED)
  })

  test('the blacklist is still asked beside it: a blacklisted token of a live session is row 5', async () => {
    const other = signed({ sid: live.sid, jti: 'blacklisted' })
    blacklisted = other
    expect(await at('/both', other)).toStrictEqual(REVOKED)
    expect(await at('/both', live.accessToken)).toStrictEqual(ok(payloadOf(live.accessToken)))
  })
})

describe('a sessions option that is not one: TypeError at setup, on every door', () => {
  const message = 'jwt-hooks: "sessions" must be an object with an isRevoked(sid) function (createSessions)'
  test.each([
    ['JWTRequired', () => JWTRequired({ sessions: {} as never })],
    ['JWTOptional', () => JWTOptional({ sessions: 'yes' as never })],
    ['express', () => express.jwtRequired({ sessions: { isRevoked: true } as never })],
    ['koa', () => koa.jwtOptional({ sessions: null as never })],
    ['fastify', () => fastify.jwtRequired({ sessions: [] as never })],
    ['http', () => http.jwtRequired({ sessions: 1 as never })],
  ])('%s', (_name, build) => {
    expect(build).toThrow(new TypeError(message))
  })
})
