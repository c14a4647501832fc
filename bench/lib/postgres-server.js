'use strict'
// A PostgreSQL server of the bench's own, as .ci/services.sh starts one: initdb into a temporary
// folder under /tmp, a free 127.0.0.1 port, run as the `postgres` user when this process is root
// (PostgreSQL refuses root; setpriv execs, so the child's pid is the server's). PostgreSQL's
// durable defaults stay (fsync, synchronous_commit): a commit waits for the disk, as SQLite's does.
// stop() ends it by its process id (INT: fast shutdown) and removes the folder; so does this
// process's exit (QUIT: at once).

const { spawn, spawnSync } = require('node:child_process')
const { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs')
const { userInfo } = require('node:os')

const { Client } = require('pg')

const { freePort } = require('./redis-server')

// Where initdb and postgres are: /usr/local/bin, else Debian's newest /usr/lib/postgresql/<major>/bin.
function findBin() {
  const debian = (() => {
    try {
      return readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((major) => `/usr/lib/postgresql/${major}/bin`)
    } catch {
      return []
    }
  })()
  const bin = ['/usr/local/bin', ...debian].find((dir) => existsSync(`${dir}/initdb`) && existsSync(`${dir}/postgres`))
  if (bin === undefined) throw new Error('PostgreSQL is not installed (initdb and postgres): apt-get install postgresql')
  return bin
}

const READY_MS = 30_000

function asPostgres(dir) {
  if (process.getuid?.() !== 0) return { prefix: [], user: userInfo().username }
  const { uid, gid } = postgresIds()
  chownSync(dir, uid, gid)
  return { prefix: ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'], user: 'postgres' }
}

function postgresIds() {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'))
  if (line === undefined) throw new Error('no postgres user to run PostgreSQL as (it refuses root): apt-get install postgresql')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** Ready once postmaster.pid's 8th line says so for this very server (a lost port makes it exit instead). */
function isReady(dir, pid) {
  try {
    const lines = readFileSync(`${dir}/data/postmaster.pid`, 'utf8').split('\n')
    return lines[0] === String(pid) && lines[7]?.trim() === 'ready'
  } catch {
    return false
  }
}

/**
 * @param {{ databases: string[] }} options  databases made empty, once the server answers
 * @returns {Promise<{ urls: Record<string, string>, pid: number, stop(): Promise<void> }>}
 */
async function startPostgresServer({ databases }) {
  const bin = findBin()
  // Under /tmp, not TMPDIR: the postgres user must reach it, and a Unix socket path is short.
  const dir = mkdtempSync('/tmp/jwt-hooks-bench-postgres-')
  let server
  try {
    const { prefix, user } = asPostgres(dir)
    const run = (program, args) => [...prefix, `${bin}/${program}`, ...args]
    const [initdb, ...initArgs] = run('initdb', ['--pgdata', `${dir}/data`, '--username', user, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'])
    const init = spawnSync(initdb, initArgs, { cwd: '/', encoding: 'utf8', timeout: READY_MS })
    if (init.status !== 0) throw new Error(`initdb failed: ${init.error?.message ?? init.stderr.slice(-2000)}`)
    // The free port may be taken by another process before the server binds it: then a new one.
    for (let attempt = 1; server === undefined; attempt++) {
      const port = await freePort()
      const started = launch(run('postgres', ['-D', `${dir}/data`, '-c', 'listen_addresses=127.0.0.1', '-c', `port=${port}`, '-c', `unix_socket_directories=${dir}`]), dir)
      const outcome = await started.ready
      if (outcome === 'ready') server = { ...started, base: `postgres://${user}@127.0.0.1:${port}` }
      else if (attempt === 3 || !outcome.includes('Address already in use')) throw new Error(`PostgreSQL did not start:\n${outcome}`)
    }
    const client = new Client({ connectionString: `${server.base}/postgres` })
    await client.connect()
    try {
      for (const name of databases) await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
  } catch (error) {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const stop = async () => (await server.stop(), rmSync(dir, { recursive: true, force: true }))
  return { urls: Object.fromEntries(databases.map((name) => [name, `${server.base}/${name}`])), pid: server.pid, stop }
}

/** Starts the server; `ready` answers 'ready', or its stderr once it exited (or did not start in time). */
function launch([command, ...args], dir) {
  const child = spawn(command, args, { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-4000)))
  child.once('error', (error) => (err += error.message))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const running = () => child.exitCode === null && child.signalCode === null
  // QUIT: immediate shutdown, backends included; the folder may still be written as it goes, so
  // a failed removal is left to the system's temporary-file cleanup rather than thrown at exit.
  const atExit = () => {
    if (running()) child.kill('SIGQUIT')
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    } catch {}
  }
  process.once('exit', atExit)
  // INT: fast shutdown (TERM would wait for the clients to leave).
  const stop = async () => {
    process.removeListener('exit', atExit)
    if (running()) child.kill('SIGINT')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  const ready = (async () => {
    const since = Date.now()
    while (!isReady(dir, child.pid)) {
      if (!running()) return (await stop(), err || 'exited')
      if (Date.now() - since > READY_MS) return (await stop(), `no answer within ${READY_MS / 1000} s\n${err}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    return 'ready'
  })()
  return { pid: child.pid, ready, stop }
}

module.exports = { startPostgresServer }
