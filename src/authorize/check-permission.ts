/**
 * Whether a loaded user holds a permission: the check `PermissionRequired` and the doors'
 * `permission` option run once the user is known. Pure and synchronous: it asks the user's
 * `hasPerm(codeName)` (UserWithPermissions, or any object with one) and nothing else.
 * @param user the loaded user (`ctx.user`), never undefined: no user is the caller's 401.
 * @param codeName the permission's `codeName`.
 * @returns true when the user holds it; false, and the answer is 403 `forbidden`.
 * @throws TypeError when the user has no `hasPerm` method (a decoded payload, an entity that does
 *   not extend UserWithPermissions) or it answers anything but a boolean (an async one): a
 *   programmer's error, which fails closed with 500 and this message in the log.
 * @example
 * if (!checkPermission(ctx.user, 'delete-users')) return forbidden()
 */
export function checkPermission(user: unknown, codeName: string): boolean {
  const hasPerm = (user as { hasPerm?: unknown } | null | undefined)?.hasPerm
  if (typeof hasPerm !== 'function') {
    throw new TypeError(
      `jwt-hooks: permission "${codeName}" cannot be checked: the user (${kindOf(user)}) has no hasPerm(codeName) method; load it with fetchUserWithPermissions(Entity)`,
    )
  }
  const answer: unknown = hasPerm.call(user, codeName)
  // A promise is truthy: taken as a yes, it would let everyone in.
  if (typeof answer !== 'boolean') {
    throw new TypeError(`jwt-hooks: permission "${codeName}" cannot be checked: hasPerm answered ${kindOf(answer)}, not a boolean (it must not be async)`)
  }
  return answer
}

// The kind of a value, never its content: a user or its answer may hold personal data.
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name
  if (name === 'Object') return 'a plain object'
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
}
