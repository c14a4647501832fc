'use strict'
// A PostgreSQL server of the bench's own, as .ci/services.sh starts one: initdb into a temporary
// folder under /tmp, a free 127.0.0.1 port, run as the `postgres` user when this process is root
// (PostgreSQL refuses root; setpriv execs, so the child's pid is the server's). PostgreSQL's
// durable defaults stay (fsync, synchronous_commit): a commit waits for the disk, as SQLite's does.
// stop() ends it by its process id (INT: fast shutdown) and removes the folder; so does this
// process's exit (QUIT: at once).

const { spawn, spawnSync } = require('node:child_process')
const { chownSync, mkdtempSync, readFileSync, rmSync } = require('node:fs')
const { userInfo } = require('node:os')

const { Client } = require('pg')

const { freePort } = require('./redis-server')

const BIN = '/usr/local/bin'
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
function ready(dir, pid) {
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
  // Under /tmp, not TMPDIR: the postgres user must reach it, and a Unix socket path is short.
  const dir = mkdtempSync('/tmp/jwt-hooks-bench-postgres-')
  const { prefix, user } = asPostgres(dir)
  const run = (program, args) => [...prefix, `${BIN}/${program}`, ...args]
  const [initCommand, ...initArgs] = run('initdb', ['--pgdata', `${dir}/data`, '--username', user, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'])
  const init = spawnSync(initCommand, initArgs, { cwd: '/', encoding: 'utf8', timeout: READY_MS })
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`initdb failed: ${init.error?.message ?? init.stderr.slice(-2000)}`)
  }
  const port = await freePort()
  const [command, ...args] = run('postgres', ['-D', `${dir}/data`, '-c', 'listen_addresses=127.0.0.1', '-c', `port=${port}`, '-c', `unix_socket_directories=${dir}`])
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
  const stop = async () => {
    process.removeListener('exit', atExit)
    if (running()) child.kill('SIGINT')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const since = Date.now()
    while (!ready(dir, child.pid)) {
      if (!running() || Date.now() - since > READY_MS) throw new Error(`PostgreSQL did not start:\n${err}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const base = `postgres://${user}@127.0.0.1:${port}`
    const client = new Client({ connectionString: `${base}/postgres` })
    await client.connect()
    try {
      for (const name of databases) await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return { urls: Object.fromEntries(databases.map((name) => [name, `${base}/${name}`])), pid: child.pid, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

module.exports = { startPostgresServer }
