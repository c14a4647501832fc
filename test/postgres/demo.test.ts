import { runCli } from '../cli/support/run-cli'
import { startDemoProcess, type DemoProcess } from '../demo/support/demo-process'
import { bearer, get, post, type Reply } from '../login/support/request'
import { postgresFolder, type PostgresFolder } from './support/postgres-folder'

// `npm start` with an ormconfig.json that names a PostgreSQL database: the demo makes its schema
// there, signs in, loads the user and its permissions from it, and keeps them across restarts;
// the CLI works on the same database while it runs. Several demos may start together on it.

const KEY = { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'a-demo-secret-of-at-least-thirty-two-bytes!' }
const CREDENTIALS = /^jwt-hooks demo: created the demo user \(this password is shown only now\)\n {2}email: {4}demo@example\.com\n {2}password: (\S+)\n/
const FORBIDDEN = { status: 403, body: { code: 'forbidden', description: 'Permission denied.' } }

const running: DemoProcess[] = []
const folders: PostgresFolder[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((demo) => demo.stop()))
})
afterAll(async () => {
  for (const folder of folders) await folder.remove()
})

async function folder(form: 'url' | 'fields'): Promise<PostgresFolder> {
  const made = await postgresFolder(form)
  folders.push(made)
  return made
}

function start(cwd: string): DemoProcess {
  const demo = startDemoProcess(cwd, KEY)
  running.push(demo)
  return demo
}

async function loginAs(url: string, password: string): Promise<string> {
  const reply = await post(`${url}/auth/login`, { body: { email: 'demo@example.com', password } })
  expect(reply.status).toBe(200)
  return (reply.body as { token: string }).token
}

const judged = (reply: Reply) => ({ status: reply.status, body: reply.body })

describe('the demo on PostgreSQL (ormconfig.json with host, port, username and database)', () => {
  let made: PostgresFolder
  let password: string

  beforeAll(async () => {
    made = await folder('fields')
  })

  test('it creates the demo user in PostgreSQL, signs in, and /api/me answers the user', async () => {
    const demo = start(made.cwd)
    const url = await demo.url()
    const match = CREDENTIALS.exec(demo.stdout())
    expect(match).not.toBeNull()
    password = match![1]
    expect(await runCli(['list-users'], { cwd: made.cwd })).toStrictEqual({ code: 0, stdout: '1\tdemo@example.com\n', stderr: '' })

    const token = await loginAs(url, password)
    expect(judged(await get(`${url}/api/me`, bearer(token)))).toStrictEqual({ status: 200, body: { id: 1, email: 'demo@example.com' } })
    expect(judged(await post(`${url}/auth/login`, { body: { email: 'demo@example.com', password: 'not-the-password' } }))).toStrictEqual({
      status: 401,
      body: { code: 'invalid_credentials', description: 'Incorrect email or password.' },
    })
    expect(demo.stderr()).toBe('')
  })

  test('a permission granted by the CLI on the same database counts at the next request', async () => {
    const demo = start(made.cwd)
    const url = await demo.url()
    const token = await loginAs(url, password)
    expect(judged(await get(`${url}/api/admin`, bearer(token)))).toStrictEqual(FORBIDDEN)
    expect(await runCli(['create-permission', 'admin', 'Administrators'], { cwd: made.cwd })).toStrictEqual({ code: 0, stdout: 'Created permission admin (Administrators).\n', stderr: '' })
    expect(await runCli(['grant', 'demo@example.com', 'admin'], { cwd: made.cwd })).toStrictEqual({ code: 0, stdout: 'Granted admin to user 1 (demo@example.com).\n', stderr: '' })
    expect(judged(await get(`${url}/api/admin`, bearer(token)))).toStrictEqual({ status: 200, body: { message: 'Hello, administrator demo@example.com!' } })
    expect(CREDENTIALS.test(demo.stdout())).toBe(false)
  })
})

describe('three demos starting together on one new PostgreSQL database (ormconfig.json with url)', () => {
  test('all three listen, one of them creates the demo user, and its password signs in on each', async () => {
    const made = await folder('url')
    const demos = [start(made.cwd), start(made.cwd), start(made.cwd)]
    const urls = await Promise.all(demos.map((demo) => demo.url()))
    const matches = demos.map((demo) => CREDENTIALS.exec(demo.stdout())).filter((match) => match !== null)
    expect(matches.length).toBe(1)
    const [[, password]] = matches as RegExpExecArray[]
    for (const url of urls) {
      const token = await loginAs(url, password)
      expect(judged(await get(`${url}/api/me`, bearer(token)))).toStrictEqual({ status: 200, body: { id: 1, email: 'demo@example.com' } })
    }
    expect(demos.map((demo) => demo.stderr())).toStrictEqual(['', '', ''])
    expect(await runCli(['list-users'], { cwd: made.cwd })).toStrictEqual({ code: 0, stdout: '1\tdemo@example.com\n', stderr: '' })
  })
})
