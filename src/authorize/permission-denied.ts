import { ERROR_TABLE } from '../core/errors/error-table'

/**
 * The answer to a user without the permission asked for: the `forbidden` row of the error table
 * (403, no `WWW-Authenticate`: RFC 6750 §3.1 gives 403 challenges to token scopes only, and a
 * permission is no property of the token).
 */
export const PERMISSION_DENIED = ERROR_TABLE.forbidden
