import {
  Context,
  Hook,
  HttpResponseForbidden,
  HttpResponseInternalServerError,
  HttpResponseRedirect,
  HttpResponseUnauthorized,
  type HookDecorator,
} from '@foal/core'

import { checkPermission } from '../core/authorize/check-permission'
import { PERMISSION_DENIED } from '../authorize/permission-denied'

/** What PermissionRequired takes beside the permission's codeName. */
export interface PermissionRequiredOptions {
  /** Where to send a request with no user (302 Found) instead of answering 401: a page's login URL. */
  redirect?: string
}

const DENIED_BODY = Object.freeze({ code: PERMISSION_DENIED.code, description: PERMISSION_DENIED.description })

/**
 * FoalTS hook that lets through only a user holding the permission, directly or through a group;
 * it goes after JWTRequired or JWTOptional, on a controller class or a method. A user without it
 * gets 403 `{ code: 'forbidden', description: 'Permission denied.' }`; no user at all (JWTOptional
 * with no token) gets 401 with an empty body and `WWW-Authenticate: Bearer`, or the `redirect`. A `ctx.user` without `hasPerm`
 * (a payload, a plain entity) is a programmer's error: 500, empty body, and one log line naming it.
 * @param codeName the permission's `codeName`.
 * @param options `redirect`: the URL for a request with no user.
 * @throws TypeError at decoration time for an empty codeName or an option of the wrong type.
 * @example
 * @JWTRequired({ user: fetchUserWithPermissions(User) })
 * class AdminController {
 *   @Delete('/users/:id')
 *   @PermissionRequired('delete-users')
 *   deleteUser(ctx: Context<User>) {}
 * }
 */
export function PermissionRequired(codeName: string, options: PermissionRequiredOptions = {}): HookDecorator {
  if (typeof codeName !== 'string' || codeName === '') throw new TypeError('jwt-hooks: PermissionRequired: "codeName" must be a non-empty string')
  if (typeof options !== 'object' || options === null) throw new TypeError('jwt-hooks: PermissionRequired: options must be an object')
  const { redirect } = options
  if (redirect !== undefined && (typeof redirect !== 'string' || redirect === '')) {
    throw new TypeError('jwt-hooks: PermissionRequired: "redirect" must be a non-empty string')
  }
  return Hook((ctx: Context) => {
    const user: unknown = ctx.user
    if (user === undefined || user === null) return redirect === undefined ? unauthorized() : new HttpResponseRedirect(redirect)
    let granted: boolean
    try {
      granted = checkPermission(user, codeName)
    } catch (error) {
      logRefusal(codeName, error)
      return new HttpResponseInternalServerError()
    }
    return granted ? undefined : new HttpResponseForbidden(DENIED_BODY)
  })
}

// RFC 7235 §3.1: a 401 carries a challenge; RFC 6750 §3.1: with no credentials sent, no error code.
// (Foal's HttpResponseUnauthorized sets an empty one, which is no challenge.)
function unauthorized(): HttpResponseUnauthorized {
  return new HttpResponseUnauthorized().setHeader('WWW-Authenticate', 'Bearer')
}

// Fail closed, said in one line: the kind and message, never a stack in the answer.
function logRefusal(codeName: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  const reason = error instanceof TypeError && message.startsWith('jwt-hooks: ') ? message : `jwt-hooks: permission "${codeName}": hasPerm threw (${(error as Error)?.name ?? 'Error'}: ${message})`
  console.error(`${reason}; request refused with 500`)
}
