import Fastify from 'fastify'

import { jwtOptional, jwtRequired } from '../../../src/adapters/fastify'
import { close, listen } from '../../support/http'
import { answerOf, type Door } from '../routes'

/**
 * Fastify, each route with its door as `preHandler`. With @fastify/cookie, see
 * test/adapters/fastify-cookie.test.ts: the plugin loads `cookie` by dynamic import, which
 * Jest's module sandbox refuses, so that variant runs in a child process.
 */
export const fastifyDoor: Door = {
  name: 'fastify',
  async start(routes) {
    const app = Fastify()
    for (const route of routes) {
      const door = route.mode === 'required' ? jwtRequired : jwtOptional
      // OPTIONS too, so a CORS preflight reaches the hook (no route: Fastify answers 404 itself).
      app.route({
        method: ['GET', 'OPTIONS'],
        url: route.path,
        preHandler: door(route.options, route.verifyOptions),
        handler: async (request) => answerOf(route, request.user),
      })
    }
    await app.ready()
    const url = await listen(app.server)
    return { url, close: () => close(app.server) }
  },
}
