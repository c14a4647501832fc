import type { HookDecorator } from '@foal/core'

import { OPTIONAL, type JWTOptions, type VerifyOptions } from '../core/types'
import { foalHook } from './foal-door'

/**
 * FoalTS hook that lets a request with no token through (`ctx.user` undefined) and judges
 * any token it does get exactly like JWTRequired.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken.
 * @throws TypeError at decoration time for an option of the wrong type.
 * @example
 * @Get('/hello')
 * @JWTOptional()
 * hello(ctx: Context) { return new HttpResponseOK(ctx.user ? `hi ${ctx.user.sub}` : 'hi') }
 */
export function JWTOptional(options?: JWTOptions, verifyOptions?: VerifyOptions): HookDecorator {
  return foalHook(OPTIONAL, options, verifyOptions)
}
