/**
 * Whether JSON text opens more than `max` arrays or objects inside one another, by one loop over
 * its characters (strings skipped, escapes too): asked before JSON.parse of a part an attacker
 * wrote, so that nothing past it walks a million levels (a JOSE header is flat: `jwk` and `crit`
 * are one level down).
 */
export function isNestedDeeperThan(text: string, max: number): boolean {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // A string: skip to its closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) i++
        else if (d === 0x22) break
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return false
}
