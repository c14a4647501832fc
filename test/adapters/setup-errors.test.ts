import { createSecretKey, generateKeyPairSync } from 'node:crypto'

import * as expressDoor from '../../src/adapters/express'
import * as fastifyDoor from '../../src/adapters/fastify'
import * as httpDoor from '../../src/adapters/http'
import * as koaDoor from '../../src/adapters/koa'
import { createAuthenticator as createCoreAuthenticator } from '../../src/core/pipeline/create-authenticator'
import type { JWTOptions, VerifyOptions } from '../../src/core/types'
import { JWTOptional } from '../../src/foal/jwt-optional.hook'
import { JWTRequired } from '../../src/foal/jwt-required.hook'
import { createAuthenticator } from '../../src'

// A programmer's error throws when the door is built, at startup, never on a request.
const FACTORIES = [
  ['express jwtRequired', expressDoor.jwtRequired],
  ['express jwtOptional', expressDoor.jwtOptional],
  ['koa jwtRequired', koaDoor.jwtRequired],
  ['koa jwtOptional', koaDoor.jwtOptional],
  ['fastify jwtRequired', fastifyDoor.jwtRequired],
  ['fastify jwtOptional', fastifyDoor.jwtOptional],
  ['http jwtRequired', httpDoor.jwtRequired],
  ['http jwtOptional', httpDoor.jwtOptional],
] as const

// Every way to build the pipeline: the doors, the FoalTS hooks, and the two createAuthenticator.
const EVERY_SETUP: (readonly [string, (options?: JWTOptions, verifyOptions?: VerifyOptions) => unknown])[] = [
  ...FACTORIES,
  ['foal JWTRequired', JWTRequired],
  ['foal JWTOptional', JWTOptional],
  ['createAuthenticator (package root)', createAuthenticator],
  ['createAuthenticator (core)', createCoreAuthenticator],
]

/** What building the door threw, by exact class and message; null when it threw nothing. */
function thrownBy(build: () => unknown): { type: unknown; message: string } | null {
  try {
    build()
  } catch (error) {
    return { type: (error as Error).constructor, message: (error as Error).message }
  }
  return null
}

test.each(FACTORIES)('%s: a blackList that is no function throws a TypeError naming it', (_name, factory) => {
  const options = { blackList: ['revoked'] } as unknown as JWTOptions
  expect(thrownBy(() => factory(options))).toStrictEqual({
    type: TypeError,
    message: 'jwt-hooks: "blackList" must be a function',
  })
})

test.each(FACTORIES)('%s: verifyOptions that are no object throw a TypeError', (_name, factory) => {
  expect(thrownBy(() => factory({}, null as never))).toStrictEqual({
    type: TypeError,
    message: 'jwt-hooks: verifyOptions must be an object',
  })
})

describe('secretOrPublicKey of the wrong type: a TypeError naming the option at setup, never a 500 per request', () => {
  const WRONG: [string, unknown][] = [
    ['a function of no arguments', () => 'a-secret-of-at-least-thirty-two-bytes!!'],
    ['a key callback', (_header: unknown, done: (error: null, key: string) => void) => done(null, 'secret')],
    ['an object that is no JWK', { key: 'a-secret-of-at-least-thirty-two-bytes!!' }],
    ['a number', 42],
    ['a boolean', true],
    ['null', null],
    ['a Uint8Array that is no Buffer', new Uint8Array(32)],
  ]
  const cases = EVERY_SETUP.flatMap(([name, build]) => WRONG.map(([what, key]) => ({ name, build, what, key })))
  test.each(cases)('$name: $what', ({ build, key }) => {
    expect(thrownBy(() => build({ secretOrPublicKey: key as never }))).toStrictEqual({
      type: TypeError,
      message: 'jwt-hooks: "secretOrPublicKey" must be a string, a Buffer, a KeyObject or a JWK',
    })
  })

  test.each(EVERY_SETUP)('%s: a string, a Buffer, a KeyObject and a JWK (object or JSON text) are taken', (_name, build) => {
    const secret = 'a-setup-secret-of-at-least-thirty-two-bytes'
    const jwk = { kty: 'oct', k: Buffer.from(secret).toString('base64url') }
    const publicJwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
    for (const key of [secret, Buffer.from(secret), createSecretKey(Buffer.from(secret)), jwk, JSON.stringify(jwk), publicJwk]) {
      expect(thrownBy(() => build({ secretOrPublicKey: key }))).toBeNull()
    }
  })

  test.each(EVERY_SETUP)('%s: a private JWK is never read as a verification key', (_name, build) => {
    const privateJwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
    expect(thrownBy(() => build({ secretOrPublicKey: privateJwk }))).toStrictEqual({
      type: TypeError,
      message: 'jwt-hooks: option "secretOrPublicKey": is a private key (it has "d"); give its public part only',
    })
  })
})
