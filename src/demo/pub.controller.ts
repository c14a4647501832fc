import { Context, Delete, Get, HttpResponseBadRequest, HttpResponseNoContent, HttpResponseNotFound, HttpResponseOK, Put } from '@foal/core'

import { decodeRequestPath } from '../core/authorize/decode-request-path'
import { JWTRequired } from '../foal/jwt-required.hook'
import { toFoalResponse } from '../foal/to-foal-response'
import type { Sessions } from '../tokens/sessions'
import type { PubStore } from './pub-store'

export interface PubOptions {
  blackList: (token: string) => boolean
  cookie: boolean
  sessions: Sessions
  store: PubStore
}

const OCTETS = 'application/octet-stream'
// A media type as sent, printable ASCII and short: it is written back as a header.
const CONTENT_TYPE = /^[!-~][ -~]{0,254}$/
const NO_DATABASE = { status: 503, body: undefined, headers: {} }
const NOT_FOUND = { code: 'not_found', description: 'Nothing is stored at this path.' }

/**
 * The demo's Pubky-style store: `GET|PUT|DELETE /pub/<path>` behind `JWTRequired({ capabilities:
 * true })`, so the token's `caps` claim decides (`/pub/my-app/:rw`). A PUT stores the raw body
 * (at most 64 KiB, else 413) with its Content-Type and answers 204; a GET answers them (404 when
 * there are none); a DELETE answers 204, or 404. Values are kept per subject: a user grants
 * itself capabilities at sign-in, so a capability never reaches another user's values.
 */
export function createPubController({ blackList, cookie, sessions, store }: PubOptions) {
  @JWTRequired({ capabilities: true, blackList, cookie, sessions })
  class PubController {
    @Get('/*')
    async read(ctx: Context<{ sub: string }>) {
      if (!store.available) return toFoalResponse(NO_DATABASE)
      const value = await store.get(ctx.user.sub, pathOf(ctx))
      if (value === undefined) return new HttpResponseNotFound(NOT_FOUND)
      // The type as it came: Express's res.set() would add "; charset=utf-8" to a text type, and
      // res.send() keeps a Content-Type already set on the response.
      ctx.request.res?.setHeader('Content-Type', value.contentType)
      // Served from the demo's origin: never run as a page, never sniffed as another type.
      return new HttpResponseOK(value.body)
        .setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
        .setHeader('Cache-Control', 'no-store')
    }

    @Put('/*')
    async write(ctx: Context<{ sub: string }>) {
      if (!store.available) return toFoalResponse(NO_DATABASE)
      const contentType = ctx.request.headers['content-type'] ?? OCTETS
      if (!CONTENT_TYPE.test(contentType)) return new HttpResponseBadRequest({ code: 'invalid_request', description: 'The Content-Type is not a media type.' })
      const body = (ctx.request as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0)
      await store.put(ctx.user.sub, pathOf(ctx), { contentType, body })
      return new HttpResponseNoContent()
    }

    @Delete('/*')
    async remove(ctx: Context<{ sub: string }>) {
      if (!store.available) return toFoalResponse(NO_DATABASE)
      return (await store.delete(ctx.user.sub, pathOf(ctx))) ? new HttpResponseNoContent() : new HttpResponseNotFound(NOT_FOUND)
    }
  }
  return PubController
}

// The path the capability check decoded and accepted (never null here: the hook let it through).
function pathOf(ctx: Context): string {
  return decodeRequestPath(ctx.request.originalUrl) ?? ''
}
