import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'

import { readIfPresent } from '../config/load-config'

/**
 * Appends lines to `<cwd>/.env`, on a line of their own, never touching what is there: a later
 * line wins in .env, so appending is how a value is changed without losing the old one.
 * @param lines whole lines, without line breaks.
 * @returns the file's path.
 */
export function appendToDotenv(cwd: string, lines: readonly string[]): string {
  const file = join(cwd, '.env')
  const before = readIfPresent(file)
  const separator = before !== undefined && before !== '' && !before.endsWith('\n') ? '\n' : ''
  // An existing .env may be readable by others: it is made the owner's alone before a key goes in.
  const fd = openSync(file, 'a', 0o600)
  try {
    fchmodSync(fd, 0o600)
    writeSync(fd, `${separator}${lines.join('\n')}\n`)
  } finally {
    closeSync(fd)
  }
  return file
}
