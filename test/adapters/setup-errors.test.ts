import * as expressDoor from '../../src/adapters/express'
import * as fastifyDoor from '../../src/adapters/fastify'
import * as httpDoor from '../../src/adapters/http'
import * as koaDoor from '../../src/adapters/koa'
import type { JWTOptions } from '../../src/core/types'

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
