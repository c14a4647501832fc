import { accessSync, constants, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const INSTALL_HINT = 'or run `bash .ci/install-system-packages.sh` as root, which installs all the tests need'

/** The error a test gets when a program it needs is not installed: which Debian package has it. */
export function missingBinaryError(binary: string, debianPackage: string): Error {
  return new Error(
    `${binary} not found: install the Debian package ${debianPackage} ` +
      `(apt-get install -y ${debianPackage}), ${INSTALL_HINT}.`,
  )
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** `redis-server` as the shell would find it on PATH. */
export function redisServerPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, 'redis-server'))) return join(dir, 'redis-server')
  }
  throw missingBinaryError('redis-server', 'redis-server')
}

/** The newest PostgreSQL's programs, as Debian installs them (`/usr/lib/postgresql/<major>/bin`). */
export function postgresBinDir(root = '/usr/lib/postgresql'): string {
  let majors: string[] = []
  try {
    majors = readdirSync(root)
  } catch {
    // No PostgreSQL at all: the error below says what to install.
  }
  const newest = majors
    .filter((major) => isExecutable(join(root, major, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0]
  if (newest === undefined) throw missingBinaryError(`PostgreSQL (${root}/*/bin/initdb)`, 'postgresql')
  return join(root, newest, 'bin')
}

/** Debian's Chromium, or the browser `CHROMIUM_PATH` names. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (!isExecutable(path)) throw missingBinaryError(`Chromium (${path})`, 'chromium')
  return path
}
