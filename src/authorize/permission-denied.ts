/**
 * The answer to a user without the permission asked for: the `forbidden` row (403, no
 * `WWW-Authenticate`: RFC 6750 §3.1 gives 403 challenges to token scopes only, and a
 * permission is no property of the token). One copy of its strings.
 */
export const PERMISSION_DENIED = { status: 403, code: 'forbidden', description: 'Permission denied.' } as const
