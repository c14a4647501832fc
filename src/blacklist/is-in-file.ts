import { readFileSync, unwatchFile, watch, watchFile } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'

/** A blackList callback with a way to stop watching its file. */
export interface FileBlackList {
  (token: string): boolean
  /** Stops watching the file (a server that shuts down, a test). */
  close(): void
}

const LINE_BREAK = /\r?\n/
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
// SEC 2 group orders of P-256, P-384, P-521, by the byte length of R (and of S).
const ORDERS = new Map<number, bigint>([
  [32, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  [48, 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
  [66, 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n],
])

/**
 * Builds a blackList from a text file of revoked tokens, one per line.
 * The file is read once now and again whenever it changes, never per request. A line revokes
 * the token it holds, never a token it is a prefix or substring of; the signature is compared
 * by value, so a revoked token re-encoded by its holder stays revoked. A missing file is an
 * empty list, said once in the log; a file that cannot be read while serving keeps the last list.
 * @param path the file, relative to the working directory.
 * @throws the read error, now, for a file that exists but cannot be read.
 * @example
 * @JWTRequired({ blackList: isInFile('blacklist.txt') })
 */
export function isInFile(path: string): FileBlackList {
  const file = resolve(path)
  let revoked = toSet(readNow(file))
  let reading = false
  let again = false

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
        const text = await readLater(file)
        if (text !== undefined) revoked = toSet(text)
      } while (again)
    } finally {
      reading = false
    }
  }

  // An empty list answers at once: canonical() costs about a microsecond for RS/ES tokens.
  const blackList = ((token: string) => revoked.size > 0 && revoked.has(canonical(token))) as FileBlackList
  blackList.close = watchForChanges(file, () => void reload())
  return blackList
}

function readNow(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    return whenMissing(file, error)
  }
}

/** The file's text, '' when it is missing, undefined when it cannot be read (keep the last list). */
async function readLater(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return whenMissing(file, error)
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name
    warnOnce(`${file}\0${code}`, `jwt-hooks: blacklist file ${basename(file)} could not be read (${code}); the last list stays in force`)
    return undefined
  }
}

function toSet(text: string): Set<string> {
  const lines = new Set<string>()
  for (const line of text.split(LINE_BREAK)) {
    const token = line.trim()
    if (token !== '') lines.add(canonical(token))
  }
  return lines
}

/**
 * The token with its signature in one spelling. RFC 4648 §3.5: the unused low bits of the last
 * base64url character do not change the bytes (RS*, ES* signatures have some); ECDSA: (r, n − s)
 * verifies wherever (r, s) does. The signed part is kept exactly, so only the holder of a token
 * can spell it otherwise, and every spelling of a listed token is listed.
 */
function canonical(token: string): string {
  if (!JWS.test(token)) return token
  const dot = token.lastIndexOf('.')
  const signature = Buffer.from(token.slice(dot + 1), 'base64url')
  const half = signature.length / 2
  const order = ORDERS.get(half)
  if (order !== undefined) {
    const s = BigInt(`0x${signature.toString('hex', half)}`)
    if (s > order >> 1n && s < order) signature.write((order - s).toString(16).padStart(half * 2, '0'), half, 'hex')
  }
  return token.slice(0, dot + 1) + signature.toString('base64url')
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
