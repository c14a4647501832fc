import { Context, Hook, type HookDecorator, type HttpResponse } from '@foal/core'

import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { isFailure, type AuthOutcome, type JWTOptions, type Mode, type VerifyOptions } from '../core/types'
import { toFoalResponse } from './to-foal-response'

/** The FoalTS door: a hook over the core pipeline that sets `ctx.user`. */
export function foalHook(mode: Mode, options?: JWTOptions, verifyOptions?: VerifyOptions): HookDecorator {
  const authenticate = createConfiguredAuthenticator(options, verifyOptions, mode)
  return Hook((ctx: Context, services) => {
    const request = ctx.request
    const outcome = authenticate({
      header: (name) => request.get(name),
      cookie: (name) => request.cookies?.[name],
      method: request.method,
      path: request.originalUrl,
      body: request.body,
      services,
    })
    return outcome instanceof Promise ? outcome.then((late) => settle(ctx, late)) : settle(ctx, outcome)
  })
}

function settle(ctx: Context, outcome: AuthOutcome): HttpResponse | undefined {
  if (isFailure(outcome)) return toFoalResponse(outcome)
  ctx.user = outcome.user
  return undefined
}
