import { createServer, type IncomingMessage } from 'node:http'

import { All, Config, Context, createApp, HttpResponseOK } from '@foal/core'
import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'

import * as expressDoors from '../../../src/adapters/express'
import * as fastifyDoors from '../../../src/adapters/fastify'
import * as httpDoors from '../../../src/adapters/http'
import * as koaDoors from '../../../src/adapters/koa'
import type { JWTOptions, VerifyOptions } from '../../../src/core/types'
import { JWTOptional } from '../../../src/foal/jwt-optional.hook'
import { JWTRequired } from '../../../src/foal/jwt-required.hook'
import { close, listen } from '../../support/http'

/** Every request a door lets through is answered 200 with what it was let through as. */
export const reached = (user: unknown) => ({ reached: true, sub: (user as { sub?: unknown; id?: unknown } | undefined)?.sub ?? (user as { id?: unknown } | undefined)?.id ?? null })

export interface Running {
  url: string
  close(): Promise<void>
}

/** One door, mounted on every path and every method it can route, after the framework's JSON body parser. */
export interface AuthzDoor {
  name: string
  /** Whether the framework routes methods other than the usual ones (TRACE, PROPFIND) to the door. */
  routesAnyMethod: boolean
  /** Whether a `_csrf` field of a JSON body reaches the door (node:http parses no body). */
  parsesBody: boolean
  /** Whether the framework itself answers 400 to an invalid percent-escape in the path, before any door. */
  refusesBadEscapes: boolean
  start(options: JWTOptions, verifyOptions?: VerifyOptions, mode?: 'required' | 'optional'): Promise<Running>
}

const expressDoor: AuthzDoor = {
  name: 'express',
  refusesBadEscapes: false,
  routesAnyMethod: true,
  parsesBody: true,
  async start(options, verifyOptions, mode = 'required') {
    const app = express()
    app.use(express.json())
    app.use(expressDoors[mode === 'required' ? 'jwtRequired' : 'jwtOptional'](options, verifyOptions))
    app.use((req: expressDoors.RequestWithUser, res) => void res.json(reached(req.user)))
    return serve(createServer(app))
  },
}

const koaDoor: AuthzDoor = {
  name: 'koa',
  refusesBadEscapes: false,
  routesAnyMethod: true,
  parsesBody: true,
  async start(options, verifyOptions, mode = 'required') {
    const app = new Koa()
    // What koa-bodyparser does: the JSON body on ctx.request.body, before the door.
    app.use(async (ctx, next) => {
      if (ctx.is('application/json')) (ctx.request as { body?: unknown }).body = JSON.parse(await readAll(ctx.req))
      return next()
    })
    app.use(koaDoors[mode === 'required' ? 'jwtRequired' : 'jwtOptional'](options, verifyOptions))
    app.use((ctx) => void (ctx.body = reached(ctx.state.user)))
    return serve(createServer(app.callback()))
  },
}

const fastifyDoor: AuthzDoor = {
  name: 'fastify',
  refusesBadEscapes: true,
  routesAnyMethod: true,
  parsesBody: true,
  async start(options, verifyOptions, mode = 'required') {
    const app = Fastify()
    const preHandler = fastifyDoors[mode === 'required' ? 'jwtRequired' : 'jwtOptional'](options, verifyOptions)
    // Fastify 5 routes WebDAV methods once told of them.
    app.addHttpMethod('PROPFIND')
    const method = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND']
    app.route({ method, url: '*', preHandler, handler: async (request) => reached(request.user) })
    await app.ready()
    return serve(app.server)
  },
}

const httpDoor: AuthzDoor = {
  name: 'node:http',
  refusesBadEscapes: false,
  routesAnyMethod: true,
  parsesBody: false,
  async start(options, verifyOptions, mode = 'required') {
    const door = httpDoors[mode === 'required' ? 'jwtRequired' : 'jwtOptional'](options, verifyOptions)
    return serve(
      createServer(
        door((req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify(reached(req.user)))
        }),
      ),
    )
  },
}

const foalDoor: AuthzDoor = {
  name: 'foal',
  refusesBadEscapes: true,
  routesAnyMethod: true,
  parsesBody: true,
  async start(options, verifyOptions, mode = 'required') {
    class AppController {
      answer(ctx: Context) {
        return new HttpResponseOK(reached(ctx.user))
      }
    }
    All('*')(AppController.prototype, 'answer')
    Config.set('settings.loggerFormat', 'none')
    ;(mode === 'required' ? JWTRequired : JWTOptional)(options, verifyOptions)(AppController)
    return serve(createServer(await createApp(AppController)))
  },
}

/** The five doors, each over a real server on 127.0.0.1. */
export const AUTHZ_DOORS: AuthzDoor[] = [foalDoor, expressDoor, koaDoor, fastifyDoor, httpDoor]

async function serve(server: ReturnType<typeof createServer>): Promise<Running> {
  const url = await listen(server)
  return { url, close: () => close(server) }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}
