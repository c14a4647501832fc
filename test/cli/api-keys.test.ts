import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { post } from '../login/support/request'
import { startDemoProcess, type DemoProcess } from '../demo/support/demo-process'
import { runCli } from './support/run-cli'

let cwd: string
let demo: DemoProcess | undefined
const SECRET = 'a-secret-of-at-least-thirty-two-bytes-long'

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-cli-api-keys-'))
  writeFileSync(join(cwd, '.env'), `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=${SECRET}\n`)
})
afterAll(async () => {
  await demo?.stop()
  rmSync(cwd, { recursive: true, force: true })
})

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z'
const sqliteText = () => readdirSync(cwd).filter((name) => name.startsWith('db.sqlite3')).map((name) => readFileSync(join(cwd, name), 'latin1')).join('')

describe('API keys from the command line, on the ormconfig.json database', () => {
  let key: string

  test('list-api-keys with none: nothing on stdout, a note on stderr', async () => {
    expect(await runCli(['list-api-keys'], { cwd })).toStrictEqual({ code: 0, stdout: '', stderr: 'No API keys yet.\n' })
  })

  test('create-api-key chat: the key once on stdout (jwth_, 256 bits), a note on stderr; the database holds its SHA-256, never the key', async () => {
    const created = await runCli(['create-api-key', 'chat'], { cwd })
    expect(created).toStrictEqual({
      code: 0,
      stdout: expect.stringMatching(/^jwth_[A-Za-z0-9_-]{43}\n$/),
      stderr: 'Created API key chat. It is shown only now: store it where the calling server reads it.\n',
    })
    key = created.stdout.trim()
    const text = sqliteText()
    expect([text.includes(key), text.includes(createHash('sha256').update(key).digest('base64url'))]).toStrictEqual([false, true])
  })

  test('the same name again: exit 1, the first key untouched', async () => {
    expect(await runCli(['create-api-key', 'chat'], { cwd })).toStrictEqual({ code: 1, stdout: '', stderr: 'jwt-hooks: an API key named chat already exists\n' })
  })

  test('list-api-keys: name, created, active; never the key', async () => {
    const listed = await runCli(['list-api-keys'], { cwd })
    expect(listed).toStrictEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^chat\\t${ISO}\\tactive\\n$`)), stderr: '' })
  })

  test('the key mints on the running demo; revoke-api-key refuses it at once (no restart)', async () => {
    demo = startDemoProcess(cwd)
    const url = await demo.url()
    const mint = () => post(`${url}/auth/tokens`, { body: { userId: '1' }, headers: { 'x-api-key': key } })
    expect((await mint()).status).toBe(200)
    expect(await runCli(['revoke-api-key', 'chat'], { cwd })).toStrictEqual({ code: 0, stdout: 'Revoked API key chat.\n', stderr: '' })
    const refused = await mint()
    expect({ status: refused.status, body: refused.body }).toStrictEqual({ status: 401, body: { code: 'invalid_api_key', description: 'Missing or invalid API key.' } })
    expect((await runCli(['list-api-keys'], { cwd })).stdout).toMatch(new RegExp(`^chat\\t${ISO}\\trevoked ${ISO}\\n$`))
    // Neither the demo nor the CLI said the key.
    expect((demo.stdout() + demo.stderr()).includes(key)).toBe(false)
  })

  test('revoke-api-key again: nothing to do, exit 0; an unknown name: exit 1; a bad name: exit 2', async () => {
    expect(await runCli(['revoke-api-key', 'chat'], { cwd })).toStrictEqual({ code: 0, stdout: 'Nothing to do: API key chat is revoked already.\n', stderr: '' })
    expect(await runCli(['revoke-api-key', 'nope'], { cwd })).toStrictEqual({ code: 1, stdout: '', stderr: 'jwt-hooks: no API key named nope\n' })
    expect(await runCli(['create-api-key', 'two words'], { cwd })).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: 'jwt-hooks: "two words" is not a code name (1 to 100 characters, no spaces or control characters)\nUsage: jwt-hooks create-api-key <name>\n',
    })
  })
})
