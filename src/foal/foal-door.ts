import {
  Context,
  Hook,
  HttpResponse,
  HttpResponseBadRequest,
  HttpResponseInternalServerError,
  HttpResponseUnauthorized,
  type HookDecorator,
} from '@foal/core'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, type AuthFailure, type AuthOutcome, type JWTOptions, type Mode, type VerifyOptions } from '../core/types'

const RESPONSES: Record<number, new (body?: unknown) => HttpResponse> = {
  400: HttpResponseBadRequest,
  401: HttpResponseUnauthorized,
  500: HttpResponseInternalServerError,
  503: class HttpResponseServiceUnavailable extends HttpResponse {
    readonly statusCode = 503
    readonly statusMessage = 'SERVICE UNAVAILABLE'
  },
}

/** The FoalTS door: a hook over the core pipeline that sets `ctx.user`. */
export function foalHook(mode: Mode, options?: JWTOptions, verifyOptions?: VerifyOptions): HookDecorator {
  const authenticate = createConfiguredAuthenticator(options, verifyOptions, mode)
  return Hook((ctx: Context, services) => {
    const request = ctx.request
    const outcome = authenticate({
      header: (name) => request.get(name),
      cookie: (name) => request.cookies?.[name],
      method: request.method,
      services,
    })
    return outcome instanceof Promise ? outcome.then((late) => settle(ctx, late)) : settle(ctx, outcome)
  })
}

function settle(ctx: Context, outcome: AuthOutcome): HttpResponse | undefined {
  if (isFailure(outcome)) return toResponse(outcome)
  ctx.user = outcome.user
  return undefined
}

function toResponse(failure: AuthFailure): HttpResponse {
  const response = new RESPONSES[failure.status](failure.body)
  for (const [name, value] of Object.entries(failure.headers)) response.setHeader(name, value)
  return response
}
