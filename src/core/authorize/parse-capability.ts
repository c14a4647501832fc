/** One capability: a scope (a path, starting with `/`) and the actions it allows there. */
export interface Capability {
  /** The path it applies to; ending in `/` means the path and everything below it. */
  readonly scope: string
  readonly read: boolean
  readonly write: boolean
}

/**
 * Parses one `<scope>:<actions>` entry as Pubky's `Capability::try_from` does: exactly one `:`,
 * a scope starting with `/`, actions made of `r` and `w` only (repeats allowed, order free, none
 * at all allowed too). Nothing is trimmed here.
 *
 * @param entry - One entry, already split from its neighbours.
 * @returns The capability, or `null` when the entry is malformed.
 */
export function parseCapability(entry: string): Capability | null {
  const colon = entry.indexOf(':')
  if (colon === -1 || entry.indexOf(':', colon + 1) !== -1) return null
  if (entry.charCodeAt(0) !== 0x2f /* / */) return null
  let read = false
  let write = false
  for (let i = colon + 1; i < entry.length; i++) {
    const action = entry.charCodeAt(i)
    if (action === 0x72 /* r */) read = true
    else if (action === 0x77 /* w */) write = true
    else return null
  }
  return { scope: entry.slice(0, colon), read, write }
}

/**
 * Writes a capability the way Pubky displays it: the scope, `:`, then `r` before `w`.
 *
 * @param capability - The capability to write.
 */
export function formatCapability({ scope, read, write }: Capability): string {
  return `${scope}:${read ? 'r' : ''}${write ? 'w' : ''}`
}
