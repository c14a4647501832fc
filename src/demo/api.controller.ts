import { Context, Get, HttpResponseOK } from '@foal/core'

import { JWTOptional } from '../foal/jwt-optional.hook'
import { JWTRequired } from '../foal/jwt-required.hook'
import { PermissionRequired } from '../foal/permission-required.hook'
import { fetchUser } from '../typeorm/fetch-user'
import type { Sessions } from '../tokens/sessions'
import { fetchUserWithPermissions } from '../typeorm/fetch-user-with-permissions'
import { User } from '../typeorm/user.entity'

export interface ApiOptions {
  /** Revoked tokens (the demo passes `isInFile(settings.jwt.blackListFile)`). */
  blackList: (token: string) => boolean
  /** Read the token from the auth cookie instead of the Authorization header. */
  cookie: boolean
  /** The demo's sessions: a token of a revoked session (logout, a reused refresh token) is refused. */
  sessions: Sessions
}

/**
 * The demo's protected routes. Built by a function because Foal decorators run when the class is
 * declared, and the blacklist file and cookie mode come from configuration read at startup.
 */
export function createApiController({ blackList, cookie, sessions }: ApiOptions) {
  class ApiController {
    /** The logged-in user, without the password hash. */
    @Get('/me')
    @JWTRequired({ user: fetchUser(User), blackList, cookie, sessions })
    me(ctx: Context<User>) {
      return new HttpResponseOK({ id: ctx.user.id, email: ctx.user.email })
    }

    /** Only for a user holding the permission `admin` (`jwt-hooks grant <email> admin`), directly or through a group. */
    @Get('/admin')
    @JWTRequired({ user: fetchUserWithPermissions(User), blackList, cookie, sessions })
    @PermissionRequired('admin')
    admin(ctx: Context<User>) {
      return new HttpResponseOK({ message: `Hello, administrator ${ctx.user.email}!` })
    }

    /** Greets the token's email, or a guest when no token was sent. */
    @Get('/hello')
    @JWTOptional({ blackList, cookie, sessions })
    hello(ctx: Context<{ email?: string } | undefined>) {
      return new HttpResponseOK({ message: ctx.user?.email ? `Hello, ${ctx.user.email}!` : 'Hello, guest!' })
    }
  }
  return ApiController
}
