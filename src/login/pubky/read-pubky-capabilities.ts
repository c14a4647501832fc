import { formatCapability, parseCapability, type Capability } from '../../core/authorize/parse-capability'

/**
 * Reads the capabilities string of an AuthToken as pubky-common deserializes it: split on `,`,
 * entries that do not parse silently dropped (no trimming here), then sanitized: entries of one
 * scope merged, an entry another one covers (same or broader scope, at least its actions)
 * dropped. The result is what the SDK's `AuthToken.capabilities` lists, joined with `,`.
 *
 * @param text - The capabilities string inside the token.
 * @example
 * readPubkyCapabilities('/a/:r,/a/:w,/a/b:r,junk') // '/a/:rw'
 */
export function readPubkyCapabilities(text: string): string {
  const merged: Array<{ scope: string; read: boolean; write: boolean }> = []
  for (const entry of text.split(',')) {
    const capability = parseCapability(entry)
    if (capability === null) continue
    const same = merged.find((existing) => existing.scope === capability.scope)
    if (same === undefined) merged.push({ ...capability })
    else {
      same.read ||= capability.read
      same.write ||= capability.write
    }
  }
  let sanitized: Capability[] = []
  for (const capability of merged) {
    if (sanitized.some((existing) => isCoveredBy(capability, existing))) continue
    sanitized = sanitized.filter((existing) => !isCoveredBy(existing, capability))
    sanitized.push(capability)
  }
  return sanitized.map(formatCapability).join(',')
}

/** pubky-common's `Capability::covers`: a scope that is the same or a directory above, and every action. */
function isCoveredBy(child: Capability, parent: Capability): boolean {
  const scopeCovers = parent.scope === child.scope || (parent.scope.endsWith('/') && child.scope.startsWith(parent.scope))
  return scopeCovers && (!child.read || parent.read) && (!child.write || parent.write)
}
