import { canonical, firstSlot, group, hashSignedPart, HASH, PREFIX_CHARS, SLOT_WORDS } from './fingerprint'
import { RevokedTableBuilder, type RevokedTable } from './revoked-table'

const LINE_BREAK = /\r?\n/

/**
 * The revoked tokens of one blacklist file, held as a table of signature fingerprints in one
 * typed array (a million lines take 48 MB the garbage collector never walks, where a Set of the
 * lines took 250 MB of strings it walks at every major collection). Lines that are not shaped
 * like a signed JWT, or whose signature is too short to fingerprint, are kept as text.
 *
 * A token is listed when a line holds it, its signature compared by value. A line never revokes a
 * token it is a prefix or an extension of (their signatures differ in length), nor one whose
 * signature it carries under another header or payload (the signed parts' hashes differ).
 */
export class RevokedList {
  readonly size: number
  private readonly fingerprints: number
  private readonly slots: Uint32Array
  private readonly mask: number
  private readonly lines: Set<string>

  /** @param source a file's text (built now), or a table built in slices (see RevokedTableBuilder). */
  constructor(source: string | RevokedTable) {
    const table = typeof source === 'string' ? buildNow(source) : source
    this.slots = table.slots
    this.mask = table.mask
    this.fingerprints = table.fingerprints
    this.lines = table.lines
    this.size = table.fingerprints + table.lines.size
  }

  /** Whether the token is listed; costs no allocation for a token shaped like a signed JWT. */
  has(token: string): boolean {
    if (this.fingerprints > 0) {
      const start = token.lastIndexOf('.') + 1
      const length = token.length - start
      if (length > PREFIX_CHARS && start > 0 && this.find(token, start, length)) return true
    }
    return this.lines.size > 0 && this.lines.has(canonical(token))
  }

  /** Whether the table holds this signature; false when its first characters are not base64url (looked up as text). */
  private find(token: string, start: number, length: number): boolean {
    const g0 = group(token, start)
    const g1 = group(token, start + 4)
    const g2 = group(token, start + 8)
    const g3 = group(token, start + 12)
    if ((g0 | g1 | g2 | g3) < 0) return false
    const slots = this.slots
    // Hashed only once the signature matches: most tokens asked about are not listed.
    let hash = -1
    // Linear probing from the slot the signature's first groups name.
    for (let i = firstSlot(g0, g1, this.mask); ; i = (i + 1) & this.mask) {
      const at = i * SLOT_WORDS
      const stored = slots[at]
      if (stored === 0) return false
      if (stored === length && slots[at + 1] === g0 && slots[at + 2] === g1 && slots[at + 3] === g2 && slots[at + 4] === g3) {
        if (hash === -1) hash = hashSignedPart(token, start - 1)
        if (slots[at + HASH] === hash) return true
      }
    }
  }
}

function buildNow(text: string): RevokedTable {
  const builder = new RevokedTableBuilder()
  for (const line of text.split(LINE_BREAK)) builder.add(line)
  return builder.build()
}
