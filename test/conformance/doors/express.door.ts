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
    async start(routes) {
      const app = framework()
      for (const middleware of before) app.use(middleware)
      for (const route of routes) {
        const door = route.mode === 'required' ? jwtRequired : jwtOptional
        app.get(route.path, door(route.options, route.verifyOptions), (req: RequestWithUser, res) => {
          res.json(answerOf(route, req.user))
        })
      }
      const server = createServer(app)
      const url = await listen(server)
      return { url, close: () => close(server) }
    },
  }
}

export const expressDoor = createExpressDoor('express 5', express)
export const expressCookieParserDoor = createExpressDoor('express 5 + cookie-parser', express, cookieParser())
