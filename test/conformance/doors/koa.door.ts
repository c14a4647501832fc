import { createServer } from 'node:http'

import Koa, { type Middleware } from 'koa'

import { jwtOptional, jwtRequired } from '../../../src/adapters/koa'
import { close, listen } from '../../support/http'
import type { Door } from '../routes'

const answer: Middleware = async (ctx) => {
  ctx.body = { user: ctx.state.user ?? null }
}

/** Koa, no router: each path runs its own door, then answers. */
export const koaDoor: Door = {
  name: 'koa',
  async start(routes) {
    const doors = new Map<string, Middleware>()
    for (const route of routes) {
      const door = route.mode === 'required' ? jwtRequired : jwtOptional
      doors.set(route.path, door(route.options, route.verifyOptions))
    }
    const app = new Koa()
    app.use((ctx, next) => {
      const door = doors.get(ctx.path)
      return door === undefined ? next() : door(ctx, () => answer(ctx, next))
    })
    const server = createServer(app.callback())
    const url = await listen(server)
    return { url, close: () => close(server) }
  },
}
