import type { HookDecorator } from '@foal/core'

import { REQUIRED, type JWTOptions, type VerifyOptions } from '../core/types'
import { foalHook } from './foal-door'

/**
 * FoalTS hook that refuses any request without a valid JWT and sets `ctx.user`.
 * @param options user, blackList, cookie (see JWTOptions).
 * @param verifyOptions handed to jsonwebtoken (audience, issuer, algorithms…).
 * @throws TypeError at decoration time for an option of the wrong type.
 * @example
 * @JWTRequired({ user: fetchUser(User), blackList: isInFile('blacklist.txt') })
 * class ApiController {}
 */
export function JWTRequired(options?: JWTOptions, verifyOptions?: VerifyOptions): HookDecorator {
  return foalHook(REQUIRED, options, verifyOptions)
}
