import type { IncomingMessage, ServerResponse } from 'node:http'

import { Config, Context, createApp, HttpResponseNoContent, Post } from '@foal/core'
import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'

import type { AuthCookieSettings } from '../../src/cookies/auth-cookie-settings'
import * as fastifyCookies from '../../src/cookies/fastify-cookies'
import * as foalCookies from '../../src/cookies/foal-cookies'
import * as koaCookies from '../../src/cookies/koa-cookies'
import * as nodeCookies from '../../src/cookies/node-cookies'
import type { AuthTokens } from '../../src/cookies/plan-auth-cookies'

/** A request listener answering POST /signin (cookies set) and POST /signout (cookies cleared), 204 both. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void

export interface CookieDoor {
  name: string
  /** The app, with a `theme=dark` cookie set first, so the helpers are seen to keep it. */
  listener(tokens: AuthTokens, settings: AuthCookieSettings): Promise<Listener>
}

const THEME = 'theme=dark; Path=/'

const nodeDoor: CookieDoor = {
  name: 'node:http',
  async listener(tokens, settings) {
    return (req, res) => {
      res.setHeader('Set-Cookie', THEME)
      if (req.url === '/signin') nodeCookies.setAuthCookies(res, tokens, settings)
      else nodeCookies.removeAuthCookies(res, settings)
      res.statusCode = 204
      res.end()
    }
  },
}

const expressDoor: CookieDoor = {
  name: 'express',
  async listener(tokens, settings) {
    const app = express()
    app.post('/signin', (_req, res) => {
      res.append('Set-Cookie', THEME)
      nodeCookies.setAuthCookies(res, tokens, settings)
      res.status(204).end()
    })
    app.post('/signout', (_req, res) => {
      res.append('Set-Cookie', THEME)
      nodeCookies.removeAuthCookies(res, settings)
      res.status(204).end()
    })
    return app as unknown as Listener
  },
}

const koaDoor: CookieDoor = {
  name: 'koa',
  async listener(tokens, settings) {
    const app = new Koa()
    app.use((ctx) => {
      ctx.set('Set-Cookie', [THEME])
      if (ctx.path === '/signin') koaCookies.setAuthCookies(ctx, tokens, settings)
      else koaCookies.removeAuthCookies(ctx, settings)
      ctx.status = 204
    })
    return app.callback()
  },
}

const fastifyDoor: CookieDoor = {
  name: 'fastify',
  async listener(tokens, settings) {
    const app = Fastify()
    app.post('/signin', async (_request, reply) => {
      reply.header('set-cookie', THEME)
      fastifyCookies.setAuthCookies(reply, tokens, settings)
      return reply.code(204).send()
    })
    app.post('/signout', async (_request, reply) => {
      reply.header('set-cookie', THEME)
      fastifyCookies.removeAuthCookies(reply, settings)
      return reply.code(204).send()
    })
    await app.ready()
    // Fastify's request listener, taken off the server it made, so the test chooses HTTP or HTTPS.
    return app.server.listeners('request')[0] as Listener
  },
}

const foalDoor: CookieDoor = {
  name: 'foal',
  async listener(tokens, settings) {
    Config.set('settings.loggerFormat', 'none')
    Config.set('settings.logger.format', 'none')
    class AppController {
      @Post('/signin')
      signIn(ctx: Context) {
        const response = new HttpResponseNoContent().setCookie('theme', 'dark', { path: '/' })
        return foalCookies.setAuthCookies(response, tokens, ctx.request, settings)
      }

      @Post('/signout')
      signOut(ctx: Context) {
        const response = new HttpResponseNoContent().setCookie('theme', 'dark', { path: '/' })
        return foalCookies.removeAuthCookies(response, ctx.request, settings)
      }
    }
    return (await createApp(AppController)) as unknown as Listener
  },
}

export const COOKIE_DOORS = [nodeDoor, expressDoor, koaDoor, fastifyDoor, foalDoor]
