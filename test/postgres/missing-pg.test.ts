import { execFile } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { consumerWithoutPg, type Consumer } from './support/consumer-without-pg'
import { postgresFolder, type PostgresFolder } from './support/postgres-folder'

// pg is an optional peer: an app on SQLite never installs it. One that points ormconfig.json at
// PostgreSQL without installing it must hear, at startup, which package to install, not a stack.
// Nothing is faked: the package is installed in a folder of its own where pg is simply absent.

const RANGE = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).peerDependencies.pg as string
const NEEDS_PG = `jwt-hooks: the PostgreSQL database of ormconfig.json ("type": "postgres") needs pg, which is not installed: npm install pg@${RANGE}\n`
const KEY = 'a-demo-secret-of-at-least-thirty-two-bytes!'

let consumer: Consumer
let folder: PostgresFolder

beforeAll(async () => {
  consumer = consumerWithoutPg()
  folder = await postgresFolder('url')
}, 120_000)
afterAll(async () => {
  consumer?.remove()
  await folder?.remove()
})

async function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [script, ...args], { cwd: folder.cwd, env: { ...consumer.env, ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

describe('ormconfig.json names PostgreSQL and pg is not installed', () => {
  test('the folder has jwt-hooks, FoalTS and TypeORM, and neither pg nor sqlite3 can be found from it', () => {
    const resolvable = (name: string) => {
      try {
        require.resolve(name, { paths: [join(consumer.dir, 'node_modules/jwt-hooks')] })
        return true
      } catch {
        return false
      }
    }
    expect(['jwt-hooks', '@foal/core', 'typeorm', 'pg', 'sqlite3'].map((name) => [name, existsSync(join(consumer.dir, 'node_modules', name))])).toStrictEqual([
      ['jwt-hooks', true],
      ['@foal/core', true],
      ['typeorm', true],
      ['pg', false],
      ['sqlite3', false],
    ])
    expect(['typeorm', 'pg', 'sqlite3'].map(resolvable)).toStrictEqual([true, false, false])
  })

  test.each([['list-users'], ['create-user', 'ann@example.com', '--password', 'ann-password-1'], ['grant', '1', 'admin']])('the CLI %s names pg and the command that installs it', async (...args) => {
    expect(await run(consumer.cli, args)).toStrictEqual({ code: 1, stdout: '', stderr: NEEDS_PG })
  })

  test('the demo says it at startup, and exits', async () => {
    expect(await run(consumer.demo, [], { PORT: '0', SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: KEY })).toStrictEqual({ code: 1, stdout: '', stderr: `jwt-hooks demo: cannot start.\n${NEEDS_PG}` })
  })

  test('once pg is installed beside it, the same folder runs on PostgreSQL (sqlite3 still absent)', async () => {
    consumer.add(['pg'])
    expect(await run(consumer.cli, ['create-user', 'ann@example.com', '--password', 'ann-password-1'])).toStrictEqual({ code: 0, stdout: 'Created user 1 (ann@example.com).\n', stderr: '' })
    expect(await run(consumer.cli, ['list-users'])).toStrictEqual({ code: 0, stdout: '1\tann@example.com\n', stderr: '' })
    writeFileSync(join(folder.cwd, 'ormconfig.json'), JSON.stringify({ type: 'sqlite' }))
    expect((await run(consumer.cli, ['list-users'])).stderr).toMatch(/^jwt-hooks: the SQLite database of ormconfig\.json \("type": "sqlite", the default\) needs sqlite3, which is not installed: /)
  })
})
