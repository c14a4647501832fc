import { createReadStream } from 'node:fs'
import { setImmediate as nextTurn } from 'node:timers/promises'

import { RevokedTableBuilder, type RevokedTable } from './revoked-table'

const LINE_BREAK = /\r?\n/
const CHUNK_BYTES = 64 * 1024

/**
 * Reads a blacklist file and builds its table a slice at a time: 64 KB of lines, then a turn of
 * the event loop, then the table in slices. A large file (300,000 lines, 50 MB) never holds the
 * event loop for more than a few milliseconds at once, where reading and parsing it in one go
 * held it for seconds.
 * @param stopped asked between slices: true abandons the read (undefined is returned).
 * @throws the read error (ENOENT for a missing file).
 */
export async function readTableInSlices(file: string, stopped: () => boolean): Promise<RevokedTable | undefined> {
  const builder = new RevokedTableBuilder()
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })
  let rest = ''
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      // A chunk inside one long line is only appended: splitting would copy the line each time.
      if (!chunk.includes('\n')) {
        rest += chunk
        continue
      }
      const lines = (rest + chunk).split(LINE_BREAK)
      rest = lines.pop()!
      for (const line of lines) builder.add(line)
      await nextTurn()
      if (stopped()) return undefined
    }
  } finally {
    stream.destroy()
  }
  builder.add(rest)
  return builder.buildInSlices(stopped)
}
