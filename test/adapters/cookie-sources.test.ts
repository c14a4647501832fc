import cookieParser from 'cookie-parser'
import express from 'express'
import { decode as decodeToken } from 'jsonwebtoken'

import { createExpressDoor } from '../conformance/doors/express.door'
import { fastifyDoor } from '../conformance/doors/fastify.door'
import type { Door, RouteSpec, Running } from '../conformance/routes'
import { send, type Answer } from '../support/http'
import { KEY_KINDS, SECRET, tokenFor } from '../support/keys'
import { buildPackage, startNode, type BuiltPackage } from './support/built-package'

// A door reads the cookies its framework already parsed (cookie-parser, @fastify/cookie) and
// parses the Cookie header itself only when nothing did. The parsers here decode values from
// base64url, so the two sources give different tokens and the answer shows which one was read.
const toBase64url = (value: string): string => Buffer.from(value).toString('base64url')
const fromBase64url = (value: string): string => Buffer.from(value, 'base64url').toString()

const OPTIONS = { secretOrPublicKey: SECRET, cookie: true }
const ROUTES: RouteSpec[] = [
  { path: '/required', mode: 'required', options: OPTIONS },
  { path: '/optional', mode: 'optional', options: OPTIONS },
]
const valid = tokenFor(KEY_KINDS[0], { sub: '1' })

const ok = (user: unknown): Answer => ({ status: 200, body: { user }, wwwAuthenticate: null })
const MALFORMED: Answer = {
  status: 401,
  body: { code: 'invalid_token', description: 'jwt malformed' },
  wwwAuthenticate: 'error="invalid_token", error_description="jwt malformed"',
}
const NO_COOKIE: Answer = {
  status: 400,
  body: { code: 'invalid_request', description: 'Auth cookie not found.' },
  wwwAuthenticate: null,
}

// @fastify/cookie loads `cookie` by dynamic import, which Jest's module sandbox refuses: this
// server runs in a node process of its own, over the package as built.
const FASTIFY_WITH_PLUGIN = `
  const Fastify = require('fastify')
  const { jwtOptional, jwtRequired } = require('jwt-hooks/fastify')
  const options = { secretOrPublicKey: process.env.TEST_SECRET, cookie: true }
  const decode = (value) => Buffer.from(value, 'base64url').toString()
  const app = Fastify()
  app.register(require('@fastify/cookie'), { parseOptions: { decode } })
  const answer = async (request) => ({ user: request.user ?? null })
  app.get('/required', { preHandler: jwtRequired(options) }, answer)
  app.get('/optional', { preHandler: jwtOptional(options) }, answer)
  app.listen({ port: 0, host: '127.0.0.1' }).then((url) => console.log(url))
`

let built: BuiltPackage
beforeAll(() => {
  built = buildPackage()
}, 120_000)
afterAll(() => built?.remove())

const childFastify: Door = {
  name: 'fastify + @fastify/cookie',
  async start() {
    const server = await startNode(built, FASTIFY_WITH_PLUGIN, { TEST_SECRET: SECRET })
    return { url: server.url, close: server.stop }
  },
}

describe.each([
  { door: createExpressDoor('express 5 + cookie-parser', express, cookieParser(undefined, { decode: fromBase64url })), parsed: true },
  { door: createExpressDoor('express 4 + cookie-parser', require('express4'), cookieParser(undefined, { decode: fromBase64url })), parsed: true },
  { door: childFastify, parsed: true },
  { door: createExpressDoor('express 5', express), parsed: false },
  { door: fastifyDoor, parsed: false },
])('$door.name', ({ door, parsed }) => {
  let server: Running
  beforeAll(async () => {
    server = await door.start(ROUTES)
  })
  afterAll(() => server.close())

  test(parsed ? "reads the parser's decoded value" : 'reads the Cookie header as sent', async () => {
    const answer = await send(`${server.url}/required`, { cookie: `auth=${toBase64url(valid)}` })
    expect(answer).toStrictEqual(parsed ? ok(decodeToken(valid)) : MALFORMED)
  })

  test('no auth cookie: required refuses', async () => {
    expect(await send(`${server.url}/required`, { cookie: 'other=1' })).toStrictEqual(NO_COOKIE)
  })

  test('no auth cookie: optional lets through', async () => {
    expect(await send(`${server.url}/optional`, { cookie: 'other=1' })).toStrictEqual(ok(null))
  })
})

// cookie-parser turns a `j:` value into an object. Were an object taken for the token, the core
// could mistake it for its own answer and let the request through: it is no cookie at all.
describe('cookie-parser JSON cookie (j:) on a required route', () => {
  const cookie = `auth=j:${encodeURIComponent(JSON.stringify({ sub: '1' }))}`

  test.each([
    { door: createExpressDoor('express 5 + cookie-parser', express, cookieParser()), expected: NO_COOKIE },
    { door: createExpressDoor('express 4 + cookie-parser', require('express4'), cookieParser()), expected: NO_COOKIE },
    { door: createExpressDoor('express 5', express), expected: MALFORMED },
  ])('$door.name', async ({ door, expected }) => {
    const server = await door.start(ROUTES)
    try {
      expect(await send(`${server.url}/required`, { cookie })).toStrictEqual(expected)
    } finally {
      await server.close()
    }
  })
})
