import { readFileSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'

/** A blackList callback with a way to stop watching its file. */
export interface FileBlackList {
  (token: string): boolean
  /** Stops watching the file (a server that shuts down, a test). */
  close(): void
}

const LINE_BREAK = /\r?\n/

/**
 * Builds a blackList from a text file of revoked tokens, one per line.
 * The file is read once now and again whenever it changes, never per request; lines match whole,
 * never as substrings. A missing file is an empty list, said once in the log.
 * @param path the file, relative to the working directory.
 * @example
 * @JWTRequired({ blackList: isInFile('blacklist.txt') })
 */
export function isInFile(path: string): FileBlackList {
  const file = resolve(path)
  let revoked = readNow(file)
  let generation = 0

  async function reload(): Promise<void> {
    const mine = ++generation
    const next = await readLater(file)
    // A slower, older read must not overwrite a newer one.
    if (mine === generation) revoked = next
  }

  const stop = watchForChanges(file, () => void reload())
  const blackList = ((token: string) => revoked.has(token)) as FileBlackList
  blackList.close = stop
  return blackList
}

function readNow(file: string): Set<string> {
  try {
    return toSet(readFileSync(file, 'utf8'))
  } catch (error) {
    return whenMissing(file, error)
  }
}

async function readLater(file: string): Promise<Set<string>> {
  try {
    return toSet(await readFile(file, 'utf8'))
  } catch (error) {
    return whenMissing(file, error)
  }
}

function toSet(text: string): Set<string> {
  const lines = new Set<string>()
  for (const line of text.split(LINE_BREAK)) {
    const token = line.trim()
    if (token !== '') lines.add(token)
  }
  return lines
}

const warned = new Set<string>()

function whenMissing(file: string, error: unknown): Set<string> {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  if (!warned.has(file)) {
    warned.add(file)
    console.warn(`jwt-hooks: blacklist file ${basename(file)} not found; no token is revoked until it exists`)
  }
  return new Set()
}

// Watch the directory, not the file: an editor or `mv` replaces the file and a file watch goes deaf.
function watchForChanges(file: string, onChange: () => void): () => void {
  const name = basename(file)
  let watcher: FSWatcher
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) onChange()
    })
  } catch {
    // The directory does not exist yet: poll instead.
    const listener = (): void => onChange()
    watchFile(file, { persistent: false, interval: 1000 }, listener)
    return () => unwatchFile(file, listener)
  }
  watcher.on('error', () => watcher.close())
  return () => watcher.close()
}
