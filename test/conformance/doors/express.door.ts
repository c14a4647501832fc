import { createServer } from 'node:http'

import cookieParser from 'cookie-parser'
import express, { type RequestHandler } from 'express'

import { jwtOptional, jwtRequired, type RequestWithUser } from '../../../src/adapters/express'
import { close, listen } from '../../support/http'
import { answerOf, type Door } from '../routes'

/** Express, given the package to use (5, or 4 through its alias) and what runs first (cookie-parser). */
export function createExpressDoor(name: string, framework: typeof express, ...before: RequestHandler[]): Door {
  return {
    name,
    // The only middleware these doors run first is cookie-parser.
    cookies: before.length > 0 ? 'cookie-parser' : 'header',
    async start(routes) {
      const app = framework()
      for (const middleware of before) app.use(middleware)
      for (const route of routes) {
        const door = route.mode === 'required' ? jwtRequired : jwtOptional
        const handlers: RequestHandler[] = [door(route.options, route.verifyOptions), (req: RequestWithUser, res) => void res.json(answerOf(route, req.user))]
        // OPTIONS too, so a CORS preflight reaches the door (Express answers it itself otherwise).
        app.get(route.path, ...handlers)
        app.options(route.path, ...handlers)
      }
      const server = createServer(app)
      const url = await listen(server)
      return { url, close: () => close(server) }
    },
  }
}

export const expressDoor = createExpressDoor('express 5', express)
export const expressCookieParserDoor = createExpressDoor('express 5 + cookie-parser', express, cookieParser())
