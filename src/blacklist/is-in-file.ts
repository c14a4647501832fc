import { readFileSync, unwatchFile, watch, watchFile } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

import { readTableInSlices } from './read-in-slices'
import { RevokedList } from './revoked-list'
import { RevokedTableBuilder, type RevokedTable } from './revoked-table'

/** A blackList callback with a way to stop watching its file. */
export interface FileBlackList {
  (token: string): boolean
  /** Stops watching the file (a server that shuts down, a test). */
  close(): void
}

/**
 * Builds a blackList from a text file of revoked tokens, one per line.
 * The file is read once now and again whenever it changes, never per request: now at once, on a
 * change a slice at a time, so a large file does not stall the server while the old list keeps
 * answering until the new one is complete. A line revokes
 * the token whose signature it carries, compared by value (a revoked token re-encoded by its
 * holder stays revoked), never a token it is a prefix or an extension of. A missing file is an
 * empty list, said once in the log; a file that cannot be read while serving keeps the last list.
 * @param path the file, relative to the working directory.
 * @throws the read error, now, for a file that exists but cannot be read.
 * @example
 * @JWTRequired({ blackList: isInFile('blacklist.txt') })
 */
export function isInFile(path: string): FileBlackList {
  const file = resolve(path)
  let revoked = new RevokedList(readNow(file))
  let reading = false
  let again = false
  let closed = false

  // One read at a time, and one more if the file changed meanwhile: the last read starts after
  // the last change, and a writer's many events never pile up reads of a large file.
  async function reload(): Promise<void> {
    if (reading) {
      again = true
      return
    }
    reading = true
    try {
      do {
        again = false
        const table = await readLater(file, () => closed)
        if (table !== undefined && !closed) revoked = new RevokedList(table)
      } while (again && !closed)
    } finally {
      reading = false
    }
  }

  const blackList = ((token: string) => revoked.has(token)) as FileBlackList
  const stopWatching = watchForChanges(file, () => void reload())
  blackList.close = () => {
    closed = true
    stopWatching()
  }
  return blackList
}

function readNow(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    return whenMissing(file, error)
  }
}

/** The file's table, empty when it is missing, undefined when it cannot be read (keep the last list) or reading stopped. */
async function readLater(file: string, stopped: () => boolean): Promise<RevokedTable | undefined> {
  try {
    return await readTableInSlices(file, stopped)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      whenMissing(file, error)
      return new RevokedTableBuilder().build()
    }
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name
    warnOnce(`${file}\0${code}`, `jwt-hooks: blacklist file ${basename(file)} could not be read (${code}); the last list stays in force`)
    return undefined
  }
}

function whenMissing(file: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  warnOnce(file, `jwt-hooks: blacklist file ${basename(file)} not found; no token is revoked until it exists`)
  return ''
}

const warned = new Set<string>()

function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return
  warned.add(key)
  console.warn(message)
}

// Watch the directory, not the file: an editor or `mv` replaces the file and a file watch goes
// deaf. Where the directory cannot be watched (missing, or its watch failed), poll the file.
function watchForChanges(file: string, onChange: () => void): () => void {
  const name = basename(file)
  const listener = (): void => onChange()
  const poll = (): void => {
    watchFile(file, { persistent: false, interval: 1000 }, listener)
  }
  let stopWatch = (): void => undefined
  try {
    const watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) onChange()
    })
    watcher.on('error', () => {
      watcher.close()
      poll()
    })
    stopWatch = () => watcher.close()
  } catch {
    poll()
  }
  return () => {
    stopWatch()
    unwatchFile(file, listener)
  }
}
