/** What a permission check reads of a user: FoalTS's `IUserWithPermissions` shape, or just its method. */
export interface PermissionHolder {
  hasPerm?(codeName: string): boolean
  userPermissions?: ReadonlyArray<{ codeName?: unknown }>
  groups?: ReadonlyArray<{ permissions?: ReadonlyArray<{ codeName?: unknown }> }>
}

/**
 * Whether a loaded user holds a permission: the check `PermissionRequired` and the doors'
 * `permission` option run once the user is known. Pure and synchronous; no ORM: it asks the
 * user's `hasPerm(codeName)` when it has one (UserWithPermissions), else reads FoalTS's fields
 * (`userPermissions`, `groups[].permissions`, each `{ codeName }`) of a user loaded some other way.
 * @param user the loaded user (`ctx.user`), never undefined: no user is the caller's 401.
 * @param codeName the permission's `codeName`.
 * @returns true when the user holds it; false, and the answer is 403 `forbidden`.
 * @throws TypeError when the user has neither a `hasPerm` method nor those fields (a decoded
 *   payload, an entity that does not extend UserWithPermissions), or `hasPerm` answers anything
 *   but a boolean (an async one): a programmer's error, which fails closed with 500 and this
 *   message in the log.
 * @example
 * if (!checkPermission(ctx.user, 'delete-users')) return forbidden()
 */
export function checkPermission(user: unknown, codeName: string): boolean {
  const holder = user as PermissionHolder | null | undefined
  const hasPerm: unknown = holder?.hasPerm
  if (typeof hasPerm === 'function') {
    const answer: unknown = hasPerm.call(user, codeName)
    // A promise is truthy: taken as a yes, it would let everyone in.
    if (typeof answer !== 'boolean') {
      throw new TypeError(`jwt-hooks: permission "${codeName}" cannot be checked: hasPerm answered ${kindOf(answer)}, not a boolean (it must not be async)`)
    }
    return answer
  }
  if (holder !== null && typeof holder === 'object' && (Array.isArray(holder.userPermissions) || Array.isArray(holder.groups))) {
    return holdsInFields(holder, codeName)
  }
  throw new TypeError(
    `jwt-hooks: permission "${codeName}" cannot be checked: the user (${kindOf(user)}) has no hasPerm(codeName) method; load it with fetchUserWithPermissions(Entity)`,
  )
}

// As UserWithPermissions.hasPerm: a relation that was not loaded holds nothing (fail closed).
function holdsInFields({ userPermissions, groups }: PermissionHolder, codeName: string): boolean {
  if (Array.isArray(userPermissions) && userPermissions.some((permission) => permission?.codeName === codeName)) return true
  if (!Array.isArray(groups)) return false
  return groups.some((group) => Array.isArray(group?.permissions) && group.permissions.some((permission: { codeName?: unknown } | null) => permission?.codeName === codeName))
}

// The kind of a value, never its content: a user or its answer may hold personal data.
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name
  if (name === 'Object') return 'a plain object'
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
}
