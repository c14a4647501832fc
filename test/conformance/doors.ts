import { expressCookieParserDoor, expressDoor } from './doors/express.door'
import { express4CookieParserDoor, express4Door } from './doors/express4.door'
import { fastifyDoor } from './doors/fastify.door'
import { foalDoor } from './doors/foal.door'
import { httpDoor } from './doors/http.door'
import { koaDoor } from './doors/koa.door'
import type { Door } from './routes'

/** Every door the conformance suite runs against: adding a door is one line here. */
export const DOORS: Door[] = [
  foalDoor,
  expressDoor,
  expressCookieParserDoor,
  express4Door,
  express4CookieParserDoor,
  koaDoor,
  fastifyDoor,
  httpDoor,
]
