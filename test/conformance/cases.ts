import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { decode } from 'jsonwebtoken'

import { isInFile } from '../../src/blacklist/is-in-file'
import { fetchUser } from '../../src/typeorm/fetch-user'
import { FAULT as serverError, invalidToken, NO_COOKIE, NO_HEADER, NOT_BEARER, ok } from '../support/answers'
import { Account, createTestDatabase, Member } from '../support/database'
import type { Answer, Send } from '../support/http'
import { KEY_KINDS, NOW, tokenFor, type KeyKind } from '../support/keys'
import type { Algorithm } from '../../src/core/types'
import type { RouteSpec } from './routes'

/** One request against one route, and the whole answer expected. */
export interface Case {
  title: string
  route: RouteSpec
  request: Send
  expected: Answer
  /** The lines the request makes the server log (console.error and warn), in order; none unless said. */
  logs?: string[]
}

/** Row 1 says once, on the first request, that no key is set: the operator's cue, unlike a fault's. */
const NO_KEY_LINE =
  'jwt-hooks: no secret or public key: set SETTINGS_JWT_SECRET_OR_PUBLIC_KEY or "settings.jwt.secretOrPublicKey" in config/. Tokens are refused with 500.'
/** A fault is logged by its kind and message, and the request refused. */
const faultLine = (error: string) => `jwt-hooks: authentication failed; request refused (${error})`

/** The real SQLite database the user-loading routes read; seed it before starting a door. */
export const database = createTestDatabase()

const blackListDir = mkdtempSync(join(tmpdir(), 'jwt-hooks-conformance-'))

type Source = 'header' | 'cookie'
type Mode = RouteSpec['mode']

function carry(source: Source, token: string): Send {
  return source === 'header' ? { authorization: `Bearer ${token}` } : { cookie: `auth=${token}` }
}

function payloadOf(token: string): unknown {
  return decode(token)
}

function casesFor(kind: KeyKind, source: Source, mode: Mode): Case[] {
  const base = { secretOrPublicKey: kind.verifyKey, cookie: source === 'cookie' }
  const route = (options = {}, verifyOptions?: RouteSpec['verifyOptions']): RouteSpec => ({
    path: '',
    mode,
    options: { ...base, ...options },
    verifyOptions,
  })
  const valid = tokenFor(kind, { sub: '1', role: 'admin' })
  const revoked = tokenFor(kind, { sub: '1', jti: 'revoked' })
  const revokedInFile = tokenFor(kind, { sub: '1', jti: 'revoked-in-file' })
  const revokedExpired = tokenFor(kind, { sub: '1', jti: 'revoked', exp: NOW - 60 })
  const blackListFile = join(blackListDir, `${kind.name}-${source}-${mode}.txt`)
  // A prefix of the revoked token is on the list too: whole lines only, never substrings.
  writeFileSync(blackListFile, `${revokedInFile}\n${valid.slice(0, -5)}\n`)
  const cases: Case[] = [
    { title: 'valid token', route: route(), request: carry(source, valid), expected: ok(payloadOf(valid)) },
    {
      title: 'row 2/3: nothing sent',
      route: route(),
      request: {},
      expected: mode === 'optional' ? ok(null) : source === 'header' ? NO_HEADER : NO_COOKIE,
    },
    {
      title: 'row 5: blackList function says revoked',
      route: route({ blackList: async (token: string) => token === revoked }),
      request: carry(source, revoked),
      expected: invalidToken('jwt revoked'),
    },
    {
      title: 'row 5: isInFile lists the token',
      route: route({ blackList: isInFile(blackListFile) }),
      request: carry(source, revokedInFile),
      expected: invalidToken('jwt revoked'),
    },
    {
      title: 'isInFile: a line that is a prefix of the token does not revoke it',
      route: route({ blackList: isInFile(blackListFile) }),
      request: carry(source, valid),
      expected: ok(payloadOf(valid)),
    },
    {
      title: 'row 5 vs 8: a revoked token that expired answers jwt expired',
      route: route({ blackList: () => true }),
      request: carry(source, revokedExpired),
      expected: invalidToken('jwt expired'),
    },
    { title: 'row 6: not a JWT', route: route(), request: carry(source, 'abc'), expected: invalidToken('jwt malformed') },
    { title: 'row 6: two parts', route: route(), request: carry(source, 'abc.def'), expected: invalidToken('jwt malformed') },
    {
      title: 'row 7: signed with another key',
      route: route(),
      request: carry(source, tokenFor(kind, { sub: '1' }, {}, kind.otherSigningKey)),
      expected: invalidToken('invalid signature'),
    },
    {
      title: 'row 7: payload tampered',
      route: route(),
      request: carry(source, tamper(valid)),
      expected: invalidToken('invalid signature'),
    },
    {
      title: 'row 8: expired',
      route: route(),
      request: carry(source, tokenFor(kind, { exp: NOW - 60 })),
      expected: invalidToken('jwt expired'),
    },
    {
      title: 'row 9: audience not expected',
      route: route({}, { audience: 'api' }),
      request: carry(source, tokenFor(kind, { aud: 'other' })),
      expected: invalidToken('jwt audience invalid. expected: api'),
    },
    {
      title: 'row 9: the expected audience, with a quote, is escaped in the header',
      route: route({}, { audience: 'say "hi" \\' }),
      request: carry(source, tokenFor(kind, { aud: 'other' })),
      expected: invalidToken('jwt audience invalid. expected: say "hi" \\'),
    },
    {
      title: 'row 10: issuer not expected',
      route: route({}, { issuer: 'https://issuer.example' }),
      request: carry(source, tokenFor(kind, { iss: 'https://elsewhere.example' })),
      expected: invalidToken('jwt issuer invalid. expected: https://issuer.example'),
    },
    {
      title: 'row 11: no sub while a user loader is set',
      route: route({ user: fetchUser(Member, database) }),
      request: carry(source, tokenFor(kind, { name: 'nobody' })),
      expected: invalidToken('The token must include a subject which is the id of the user.'),
    },
    {
      title: 'row 12: sub matches no user',
      route: route({ user: fetchUser(Member, database) }),
      request: carry(source, tokenFor(kind, { sub: '999' })),
      expected: invalidToken('The token subject does not match any user.'),
    },
    {
      title: 'row 12: sub that cannot be a numeric id',
      route: route({ user: fetchUser(Member, database) }),
      request: carry(source, tokenFor(kind, { sub: 'abc' })),
      expected: invalidToken('The token subject does not match any user.'),
    },
    {
      title: 'user loaded from SQLite by a numeric sub',
      route: route({ user: fetchUser(Member, database) }),
      request: carry(source, tokenFor(kind, { sub: '1' })),
      expected: ok({ id: 1, email: 'member@example.com' }),
    },
    {
      title: 'user loaded from SQLite by a string sub',
      route: route({ user: fetchUser(Account, database) }),
      request: carry(source, tokenFor(kind, { sub: 'acc-1' })),
      expected: ok({ id: 'acc-1', name: 'Account One' }),
    },
    {
      title: 'other refusal: not active yet',
      route: route(),
      request: carry(source, tokenFor(kind, { nbf: NOW + 600 })),
      expected: invalidToken('jwt not active'),
    },
    {
      title: 'other refusal: a token of another algorithm family',
      route: route(),
      request: carry(source, otherFamily(kind)),
      expected: invalidToken('invalid algorithm'),
    },
    {
      title: 'fault: a blackList that throws fails closed',
      route: route({ blackList: () => Promise.reject(new Error('store down')) }),
      request: carry(source, valid),
      expected: serverError,
      logs: [faultLine('Error: store down')],
    },
    {
      title: 'fault: a user loader that throws fails closed',
      route: route({ user: () => Promise.reject(new Error('database down')) }),
      request: carry(source, valid),
      expected: serverError,
      logs: [faultLine('Error: database down')],
    },
    {
      title: 'fault: a user loader that throws an error quoting the token: the token is cut out of the line',
      route: route({ user: () => Promise.reject(new TypeError(`no row for ${valid}`)) }),
      request: carry(source, valid),
      expected: serverError,
      logs: [faultLine('TypeError: no row for <token>')],
    },
    {
      title: 'row 1: no key configured: the same 500, and the line that names the missing setting',
      route: route({ secretOrPublicKey: undefined }),
      request: carry(source, valid),
      expected: serverError,
      logs: [NO_KEY_LINE],
    },
  ]
  if (kind.name !== 'ES256') {
    // (An EC key fits one curve, so ES384 with a P-256 key is refused at setup instead.)
    cases.push({
      title: 'other refusal: algorithm of the same family but not allowed',
      route: route({}, { algorithms: [kind.algorithm.replace('256', '384') as Algorithm] }),
      request: carry(source, valid),
      expected: invalidToken('invalid algorithm'),
    })
  }
  if (source === 'header') {
    cases.push(
      { title: 'row 4: Basic scheme', route: route(), request: { authorization: 'Basic dXNlcjpwYXNz' }, expected: NOT_BEARER },
      { title: 'row 4: Bearer with no token', route: route(), request: { authorization: 'Bearer' }, expected: NOT_BEARER },
      { title: 'row 4: two tokens', route: route(), request: { authorization: `Bearer ${valid} x` }, expected: NOT_BEARER },
      { title: 'row 4: token with no scheme', route: route(), request: { authorization: valid }, expected: NOT_BEARER },
      {
        title: 'scheme is case-insensitive',
        route: route(),
        request: { authorization: `bEaReR ${valid}` },
        expected: ok(payloadOf(valid)),
      },
    )
  } else {
    cases.push({
      title: 'cookie mode ignores the Authorization header',
      route: route(),
      request: { authorization: `Bearer ${valid}` },
      expected: mode === 'optional' ? ok(null) : NO_COOKIE,
    })
  }
  return cases.map((c) => ({ ...c, title: `${kind.name} ${source} ${mode}: ${c.title}` }))
}

/** A well-signed token whose algorithm family the route's key cannot verify. */
function otherFamily(kind: KeyKind): string {
  const other = KEY_KINDS.find((candidate) => (kind.name === 'HS256') !== (candidate.name === 'HS256'))!
  return tokenFor(other, { sub: '1' })
}

/** Changes one claim without re-signing. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
  claims.role = 'root'
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
}

/** Every case, each on a route of its own (`/r0`, `/r1`, …). */
export const CASES: Case[] = KEY_KINDS.flatMap((kind) =>
  (['header', 'cookie'] as const).flatMap((source) =>
    (['required', 'optional'] as const).flatMap((mode) => casesFor(kind, source, mode)),
  ),
).map((c, i) => ({ ...c, route: { ...c.route, path: `/r${i}` } }))
