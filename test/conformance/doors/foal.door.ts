import { createServer } from 'node:http'

import { Context, createApp, Get, HttpResponseOK, Options } from '@foal/core'

import { JWTOptional } from '../../../src/foal/jwt-optional.hook'
import { JWTRequired } from '../../../src/foal/jwt-required.hook'
import { close, listen } from '../../support/http'
import { answerOf, type Door, type RouteSpec } from '../routes'

/** FoalTS: one controller per route, the hook on its method. */
export const foalDoor: Door = {
  name: 'foal',
  // createApp installs cookie-parser.
  cookies: 'cookie-parser',
  async start(routes) {
    class AppController {
      subControllers = routes.map(controllerFor)
    }
    const server = createServer(await createApp(AppController))
    const url = await listen(server)
    return { url, close: () => close(server) }
  },
}

// GET and OPTIONS (so a CORS preflight reaches the hook), the hook on the class: one for both.
function controllerFor(route: RouteSpec) {
  class RouteController {
    handle(ctx: Context) {
      return new HttpResponseOK(answerOf(route, ctx.user))
    }

    handleOptions(ctx: Context) {
      return new HttpResponseOK(answerOf(route, ctx.user))
    }
  }
  const hook = route.mode === 'required' ? JWTRequired : JWTOptional
  Get(route.path)(RouteController.prototype, 'handle')
  Options(route.path)(RouteController.prototype, 'handleOptions')
  hook(route.options, route.verifyOptions)(RouteController)
  return RouteController
}
