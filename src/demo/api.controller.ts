import { Context, Get, HttpResponseOK } from '@foal/core'

import { JWTOptional } from '../foal/jwt-optional.hook'
import { JWTRequired } from '../foal/jwt-required.hook'
import { fetchUser } from '../typeorm/fetch-user'
import { User } from '../typeorm/user.entity'

export interface ApiOptions {
  /** Revoked tokens (the demo passes `isInFile(settings.jwt.blackListFile)`). */
  blackList: (token: string) => boolean
  /** Read the token from the auth cookie instead of the Authorization header. */
  cookie: boolean
}

/**
 * The demo's protected routes. Built by a function because Foal decorators run when the class is
 * declared, and the blacklist file and cookie mode come from configuration read at startup.
 */
export function createApiController({ blackList, cookie }: ApiOptions) {
  class ApiController {
    /** The logged-in user, without the password hash. */
    @Get('/me')
    @JWTRequired({ user: fetchUser(User), blackList, cookie })
    me(ctx: Context<User>) {
      return new HttpResponseOK({ id: ctx.user.id, email: ctx.user.email })
    }

    /** Greets the token's email, or a guest when no token was sent. */
    @Get('/hello')
    @JWTOptional({ blackList, cookie })
    hello(ctx: Context<{ email?: string } | undefined>) {
      return new HttpResponseOK({ message: ctx.user?.email ? `Hello, ${ctx.user.email}!` : 'Hello, guest!' })
    }
  }
  return ApiController
}
