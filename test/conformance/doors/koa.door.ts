import { createServer } from 'node:http'

import Koa, { type Middleware } from 'koa'

import { jwtOptional, jwtRequired } from '../../../src/adapters/koa'
import { close, listen } from '../../support/http'
import { answerOf, type Door, type RouteSpec } from '../routes'

const answer = (route: RouteSpec): Middleware => async (ctx) => {
  ctx.body = answerOf(route, ctx.state.user)
}

/** Koa, no router: each path runs its own door, then answers. */
export const koaDoor: Door = {
  name: 'koa',
  async start(routes) {
    const doors = new Map<string, { door: Middleware; answer: Middleware }>()
    for (const route of routes) {
      const door = route.mode === 'required' ? jwtRequired : jwtOptional
      doors.set(route.path, { door: door(route.options, route.verifyOptions), answer: answer(route) })
    }
    const app = new Koa()
    app.use((ctx, next) => {
      const found = doors.get(ctx.path)
      return found === undefined ? next() : found.door(ctx, () => found.answer(ctx, next))
    })
    const server = createServer(app.callback())
    const url = await listen(server)
    return { url, close: () => close(server) }
  },
}
