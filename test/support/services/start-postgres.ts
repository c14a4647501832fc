import { execFile } from 'node:child_process'
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { freePort } from './free-port'
import { runSql } from './run-sql'
import { spawnServer, type ServerProcess } from './server-process'
import { postgresBinDir } from './system-binaries'

const READY_TIMEOUT_MS = 30_000
const PORT_ATTEMPTS = 5
const DATABASE = 'jwt_hooks'

/** A PostgreSQL server of the test's own on 127.0.0.1: superuser `postgres`, trust auth. */
export interface PostgresServer {
  /** URL of its (empty) `jwt_hooks` database. */
  url: string
  port: number
  /** The server's (postmaster's) process id. */
  pid: number
  /** Ends it and removes its folder; safe to call twice. */
  stop(): Promise<void>
}

/** PostgreSQL refuses to run as root; as root, it runs as the `postgres` user Debian creates. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'))
  if (line === undefined) throw new Error('no postgres user: install the Debian package postgresql, which creates it')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** postmaster.pid names the server's process and says "ready" once it listens. */
function isReady(dir: string, pid: number): boolean {
  try {
    const lines = readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')
    return lines[0] === String(pid) && lines[7]?.trim() === 'ready'
  } catch {
    return false
  }
}

async function launch(bin: string, dir: string, port: number, user?: { uid: number; gid: number }) {
  const server = spawnServer({
    command: join(bin, 'postgres'),
    // A throwaway server: durability off, which makes CREATE DATABASE fast.
    args: ['-D', join(dir, 'data'), '-c', 'listen_addresses=127.0.0.1', '-c', `port=${port}`,
      '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    dir,
    logFile: join(dir, `postgres-${port}.log`),
    // SIGTERM is a "smart" shutdown that waits for clients to leave; SIGINT disconnects them.
    stopSignal: 'SIGINT',
    ...user,
  })
  let ready: boolean
  try {
    ready = await server.waitUntilReady(async () => isReady(dir, server.pid), READY_TIMEOUT_MS)
  } catch (error) {
    await server.stop()
    throw error
  }
  if (ready) return server
  await server.stop({ keepDir: true })
  if (server.log().includes('Address already in use')) return null
  rmSync(dir, { recursive: true, force: true })
  throw new Error(`PostgreSQL exited at start:\n${server.log()}`)
}

/**
 * Starts a PostgreSQL server of the test's own (initdb into a temporary folder); most tests want
 * `createDatabase()` on the shared server instead. Call `stop()` in `afterAll`; it also ends with
 * the test process, however that ends.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir()
  const user = postgresUser()
  // Under /tmp, not TMPDIR: the postgres user must reach it, and a Unix socket path is short.
  const dir = mkdtempSync('/tmp/jwt-hooks-postgres-')
  let server: ServerProcess | null = null
  let port = 0
  try {
    if (user) chownSync(dir, user.uid, user.gid)
    await promisify(execFile)(join(bin, 'initdb'), ['--pgdata', join(dir, 'data'), '--username', 'postgres',
      '--auth', 'trust', '--encoding', 'UTF8', '--no-locale', '--no-sync', '--no-instructions'],
    { cwd: '/', timeout: 60_000, ...user })
    for (let attempt = 0; attempt < PORT_ATTEMPTS && server === null; attempt++) {
      port = await freePort()
      server = await launch(bin, dir, port, user)
    }
    if (server === null) throw new Error(`PostgreSQL found no free port in ${PORT_ATTEMPTS} attempts`)
    await runSql(`postgres://postgres@127.0.0.1:${port}/postgres`, `CREATE DATABASE ${DATABASE}`)
  } catch (error) {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const running = server
  return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, port, pid: running.pid, stop: () => running.stop() }
}
