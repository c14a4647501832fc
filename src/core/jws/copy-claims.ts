/** Nesting beyond which a payload is not copied (nor cached): each request parses its own. */
const MAX_DEPTH = 32
const TOO_DEEP = Symbol('too deep')

/**
 * A fresh copy of a verified payload (JSON values only: objects, arrays, primitives), so that no
 * request sees what another request's handler did to its `user` or `payload`; nothing is frozen.
 * Object spread copies a `__proto__` claim as an own property, as JSON.parse made it.
 * @returns the copy, or undefined for a payload nested deeper than 32 levels.
 */
export function copyClaims(payload: Record<string, any>): Record<string, any> | undefined {
  const copy = copyObject(payload, MAX_DEPTH)
  return copy === TOO_DEEP ? undefined : copy
}

/** Whether no claim holds an object or an array: then `{ ...payload }` is a whole copy. */
export function isFlat(payload: Record<string, any>): boolean {
  for (const key in payload) {
    const value = payload[key]
    if (typeof value === 'object' && value !== null) return false
  }
  return true
}

function copyObject(value: Record<string, any>, depth: number): Record<string, any> | typeof TOO_DEEP {
  const copy = { ...value }
  for (const key in copy) {
    const item = copy[key]
    if (typeof item !== 'object' || item === null) continue
    if (depth === 0) return TOO_DEEP
    const inner = Array.isArray(item) ? copyArray(item, depth - 1) : copyObject(item, depth - 1)
    if (inner === TOO_DEEP) return TOO_DEEP
    copy[key] = inner
  }
  return copy
}

function copyArray(value: unknown[], depth: number): unknown[] | typeof TOO_DEEP {
  const copy = value.slice()
  for (let i = 0; i < copy.length; i++) {
    const item = copy[i]
    if (typeof item !== 'object' || item === null) continue
    if (depth === 0) return TOO_DEEP
    const inner = Array.isArray(item) ? copyArray(item, depth - 1) : copyObject(item as Record<string, any>, depth - 1)
    if (inner === TOO_DEEP) return TOO_DEEP
    copy[i] = inner
  }
  return copy
}
