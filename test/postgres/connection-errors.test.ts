import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Client } from 'pg'

import { runCli } from '../cli/support/run-cli'
import { exitWithin, startDemoProcess } from '../demo/support/demo-process'
import { startPostgres, type PostgresServer } from '../support/services'
import { freePort } from '../support/services/free-port'

// A PostgreSQL database that cannot be opened stops the demo and the CLI at startup with one
// message naming ormconfig.json and the database, and never the password: not as written, not
// URL-encoded, not inside the URL. A server of this file's own, with password authentication
// for the role `app` (the shared one trusts everyone).

const RIGHT = 'right-Pa55:w/rd@%'
const WRONG = 'hunter2-Wr0ng:p@ss/%é'
const SECRET_KEY = 'a-demo-secret-of-at-least-thirty-two-bytes!'

let server: PostgresServer
const folders: string[] = []

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

/** Whether PostgreSQL refuses `app` with this password (28P01), i.e. the new pg_hba.conf is read. */
async function refuses(password: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port: server.port, user: 'app', password, database: 'app_db', connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    await client.end()
    return false
  } catch (error) {
    return (error as { code?: string }).code === '28P01'
  }
}

beforeAll(async () => {
  server = await startPostgres()
  await query(server.url, `CREATE ROLE app LOGIN PASSWORD '${RIGHT}'`)
  await query(server.url, 'CREATE DATABASE app_db OWNER app')
  const [{ hba_file: hba }] = (await query(server.url, 'SHOW hba_file')) as { hba_file: string }[]
  writeFileSync(hba, `host all app 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`)
  await query(server.url, 'SELECT pg_reload_conf()')
  // The reload is a signal: wait (bounded) until the server asks app for its password.
  const deadline = Date.now() + 10_000
  while (!(await refuses(WRONG))) {
    if (Date.now() > deadline) throw new Error('pg_hba.conf was not reloaded within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}, 90_000)

afterAll(async () => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
  await server?.stop()
})

function folderWith(config: Record<string, unknown>): string {
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-pg-errors-')))
  folders.push(cwd)
  writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify(config))
  return cwd
}

const fields = (password: string) => ({ type: 'postgres', host: '127.0.0.1', port: server.port, username: 'app', password, database: 'app_db' })
const url = (password: string) => ({ type: 'postgres', url: `postgres://app:${encodeURIComponent(password)}@127.0.0.1:${server.port}/app_db` })
const cannotOpen = (reason: string, port = server.port) =>
  `jwt-hooks: ormconfig.json: cannot open the PostgreSQL database "app_db" on 127.0.0.1:${port} as user "app": ${reason}\n`
const REFUSED = 'password authentication failed for user "app"'

/** Every spelling of a password that must not be printed. */
const spellings = (password: string) => [password, encodeURIComponent(password), `app:${encodeURIComponent(password)}@`]

describe('the password is checked: the right one opens the database', () => {
  test.each([
    ['host, port, username, password, database', fields],
    ['url', url],
  ])('%s: list-users answers', async (_form, config) => {
    expect(await runCli(['list-users'], { cwd: folderWith(config(RIGHT)) })).toStrictEqual({ code: 0, stdout: '', stderr: 'No users yet.\n' })
  })
})

describe('a password from PGPASSWORD, none in the file', () => {
  const noPassword = () => ({ type: 'postgres', host: '127.0.0.1', port: server.port, username: 'app', database: 'app_db' })

  test('the right one opens the database', async () => {
    expect(await runCli(['list-users'], { cwd: folderWith(noPassword()), env: { PGPASSWORD: RIGHT } })).toStrictEqual({ code: 0, stdout: '', stderr: 'No users yet.\n' })
  })

  test('a wrong one is refused with the same message, and is not shown either', async () => {
    const result = await runCli(['list-users'], { cwd: folderWith(noPassword()), env: { PGPASSWORD: WRONG } })
    expect(result).toStrictEqual({ code: 1, stdout: '', stderr: cannotOpen(REFUSED) })
  })
})

describe('a wrong password stops the CLI at startup, naming ormconfig.json and the database, never the password', () => {
  test.each([
    ['host, port, username, password, database', fields],
    ['url', url],
  ])('%s', async (_form, config) => {
    const result = await runCli(['list-users'], { cwd: folderWith(config(WRONG)) })
    expect(result).toStrictEqual({ code: 1, stdout: '', stderr: cannotOpen(REFUSED) })
    for (const spelling of spellings(WRONG)) expect(result.stderr).not.toContain(spelling)
  })

  test('create-user, with the password of the new user on the command line, says the same', async () => {
    const result = await runCli(['create-user', 'ann@example.com', '--password', 'ann-password-1'], { cwd: folderWith(url(WRONG)) })
    expect(result).toStrictEqual({ code: 1, stdout: '', stderr: cannotOpen(REFUSED) })
  })
})

describe('a wrong password stops the demo at startup', () => {
  test.each([
    ['host, port, username, password, database', fields],
    ['url', url],
  ])('%s: exit 1, one message, no password', async (_form, config) => {
    const demo = startDemoProcess(folderWith(config(WRONG)), { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET_KEY })
    const code = await exitWithin(demo)
    expect({ code, stdout: demo.stdout(), stderr: demo.stderr() }).toStrictEqual({ code: 1, stdout: '', stderr: `jwt-hooks demo: cannot start.\n${cannotOpen(REFUSED)}` })
    for (const spelling of spellings(WRONG)) expect(demo.stderr()).not.toContain(spelling)
  })
})

describe('a server that is not there, or never answers: the same message, in bounded time', () => {
  test('nothing listens on the port: connection refused', async () => {
    const port = await freePort()
    const result = await runCli(['list-users'], { cwd: folderWith({ ...fields(WRONG), port }) })
    expect(result).toStrictEqual({ code: 1, stdout: '', stderr: cannotOpen(`connect ECONNREFUSED 127.0.0.1:${port}`, port) })
  })

  test('a socket that accepts and stays silent: the connection timeout of ormconfig.json ends the wait', async () => {
    const sockets: Socket[] = []
    const silent: Server = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as { port: number }
    try {
      const result = await runCli(['list-users'], { cwd: folderWith({ ...fields(WRONG), port, connectTimeoutMS: 300 }) })
      expect(result).toStrictEqual({ code: 1, stdout: '', stderr: cannotOpen('Connection terminated due to connection timeout', port) })
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })
})
