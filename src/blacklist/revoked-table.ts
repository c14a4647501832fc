import { setImmediate as nextTurn } from 'node:timers/promises'

import { canonical, firstSlot, group, GROUPS, hashSignedPart, HASH, isFingerprintable, SLOT_WORDS } from './fingerprint'

/** What a RevokedList answers from: the fingerprint table, and the lines kept as text. */
export interface RevokedTable {
  slots: Uint32Array
  mask: number
  /** How many distinct fingerprints the table holds. */
  fingerprints: number
  lines: Set<string>
}

// Staged fingerprints go in blocks, so staging a million lines copies nothing.
const BLOCK_ENTRIES = 65_536
// Entries placed per turn of the event loop when building in slices (a few milliseconds).
const SLICE_ENTRIES = 8_192
// Table words first written per turn: a fresh table's pages are mapped on first write (about
// 3 µs a page), and random inserts would fault in all of a large table's pages in the first slice.
const FAULT_WORDS = 1 << 20

/**
 * Collects a blacklist's lines, then builds its table: at once, or in slices that give the event
 * loop a turn between them (a reload must not stall the server). Lines shaped like a signed JWT
 * are staged as fingerprints (6 numbers, not the string); others are kept as canonical text.
 */
export class RevokedTableBuilder {
  private readonly blocks: Uint32Array[] = []
  private staged = 0
  private readonly lines = new Set<string>()

  /** Adds one line of the file (blank lines are skipped). */
  add(line: string): void {
    const token = line.trim()
    if (token === '') return
    if (!isFingerprintable(token)) {
      this.lines.add(canonical(token))
      return
    }
    const start = token.lastIndexOf('.') + 1
    const block = this.staged % BLOCK_ENTRIES === 0 ? this.newBlock() : this.blocks[this.blocks.length - 1]
    const at = (this.staged % BLOCK_ENTRIES) * SLOT_WORDS
    block[at] = token.length - start
    for (let g = 0; g < GROUPS; g++) block[at + 1 + g] = group(token, start + 4 * g)
    block[at + HASH] = hashSignedPart(token, start - 1)
    this.staged++
  }

  /** The table, built now. */
  build(): RevokedTable {
    const table = this.emptyTable()
    table.fingerprints = this.place(table, 0, this.staged)
    return table
  }

  /**
   * The table, built a slice at a time with a turn of the event loop between slices.
   * @param stopped asked between slices: true abandons the build (undefined is returned).
   */
  async buildInSlices(stopped: () => boolean = () => false): Promise<RevokedTable | undefined> {
    const table = this.emptyTable()
    for (let from = 0; from < table.slots.length; from += FAULT_WORDS) {
      await nextTurn()
      if (stopped()) return undefined
      table.slots.fill(0, from, from + FAULT_WORDS)
    }
    for (let from = 0; from < this.staged; from += SLICE_ENTRIES) {
      await nextTurn()
      if (stopped()) return undefined
      table.fingerprints += this.place(table, from, Math.min(this.staged, from + SLICE_ENTRIES))
    }
    return table
  }

  private newBlock(): Uint32Array {
    const block = new Uint32Array(BLOCK_ENTRIES * SLOT_WORDS)
    this.blocks.push(block)
    return block
  }

  private emptyTable(): RevokedTable {
    // At most half full, so a miss ends at an empty slot within a few probes.
    let capacity = 8
    while (capacity < this.staged * 2) capacity *= 2
    return { slots: new Uint32Array(capacity * SLOT_WORDS), mask: capacity - 1, fingerprints: 0, lines: this.lines }
  }

  /** Places staged entries [from, to) in the table; answers how many were new (duplicates are dropped). */
  private place(table: RevokedTable, from: number, to: number): number {
    const { slots, mask } = table
    let added = 0
    for (let n = from; n < to; n++) {
      const entry = this.blocks[Math.floor(n / BLOCK_ENTRIES)]
      const e = (n % BLOCK_ENTRIES) * SLOT_WORDS
      for (let i = firstSlot(entry[e + 1], entry[e + 2], mask); ; i = (i + 1) & mask) {
        const at = i * SLOT_WORDS
        if (slots[at] === 0) {
          for (let w = 0; w < SLOT_WORDS; w++) slots[at + w] = entry[e + w]
          added++
          break
        }
        let same = true
        for (let w = 0; w < SLOT_WORDS && same; w++) same = slots[at + w] === entry[e + w]
        if (same) break
      }
    }
    return added
  }
}
