import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { verifyPassword } from '@foal/core'

import { createDataSource } from '../../src/typeorm/data-source'
import { User } from '../../src/typeorm/user.entity'
import { cleanEnv, CLI, runCli } from './support/run-cli'

let cwd: string
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-users-'))
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const CREATE_USAGE = 'Usage: jwt-hooks create-user <email> [--password <password>]\n'

/** The users as stored in the SQLite file the CLI wrote. */
async function storedUsers(database = 'db.sqlite3'): Promise<User[]> {
  const dataSource = createDataSource({ cwd, database })
  await dataSource.initialize()
  try {
    return await User.find({ order: { id: 'ASC' } })
  } finally {
    await dataSource.destroy()
  }
}

test('create-user with --password: the user is stored with a PBKDF2 hash, email in lower case', async () => {
  expect(await runCli(['create-user', 'Ann@Example.com', '--password', 'correct horse'], { cwd })).toStrictEqual({
    code: 0,
    stdout: 'Created user 1 (ann@example.com).\n',
    stderr: '',
  })
  const [ann] = await storedUsers()
  expect([ann.id, ann.email, ann.password.startsWith('pbkdf2_sha256$310000$')]).toStrictEqual([1, 'ann@example.com', true])
  expect(await verifyPassword('correct horse', ann.password)).toBe(true)
})

test('create-user reads the password from standard input when it is not a terminal', async () => {
  expect(await runCli(['create-user', 'bob@example.com'], { cwd, input: 'piped password\nignored\n' })).toStrictEqual({
    code: 0,
    stdout: 'Created user 1 (bob@example.com).\n',
    stderr: '',
  })
  expect(await verifyPassword('piped password', (await storedUsers())[0].password)).toBe(true)
})

test('create-user refuses a duplicate email (in any case): exit 1, the first user unchanged', async () => {
  await runCli(['create-user', 'ann@example.com', '--password', 'first password'], { cwd })
  expect(await runCli(['create-user', 'ANN@example.com', '--password', 'second password'], { cwd })).toStrictEqual({
    code: 1,
    stdout: '',
    stderr: 'jwt-hooks: a user with email ann@example.com already exists\n',
  })
  const users = await storedUsers()
  expect(users.map((user) => user.email)).toStrictEqual(['ann@example.com'])
  expect(await verifyPassword('first password', users[0].password)).toBe(true)
})

test.each([
  { args: ['not-an-email', '--password', 'long enough'], message: '"not-an-email" is not an email address' },
  { args: ['ann@example.com', '--password', 'short'], message: 'the password must have 8 to 256 characters' },
  { args: ['ann@example.com', '--password', 'x'.repeat(257)], message: 'the password must have 8 to 256 characters' },
  { args: ['ann@example.com'], message: 'no password: give --password, type it on a terminal, or pipe it on standard input' },
])('create-user $args.0 …: bad input is exit 2, nothing stored', async ({ args, message }) => {
  expect(await runCli(['create-user', ...args], { cwd })).toStrictEqual({ code: 2, stdout: '', stderr: `jwt-hooks: ${message}\n${CREATE_USAGE}` })
  expect(await storedUsers()).toStrictEqual([])
})

test('list-users: id and email, tab-separated, in id order; none yet is said on stderr', async () => {
  expect(await runCli(['list-users'], { cwd })).toStrictEqual({ code: 0, stdout: '', stderr: 'No users yet.\n' })
  await runCli(['create-user', 'b@example.com', '--password', 'password one'], { cwd })
  await runCli(['create-user', 'a@example.com', '--password', 'password two'], { cwd })
  expect(await runCli(['list-users'], { cwd })).toStrictEqual({ code: 0, stdout: '1\tb@example.com\n2\ta@example.com\n', stderr: '' })
})

test('the database is the one ormconfig.json names, relative to the working directory', async () => {
  writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify({ type: 'sqlite', database: 'users.db', synchronize: true }))
  await runCli(['create-user', 'ann@example.com', '--password', 'long enough'], { cwd })
  expect((await storedUsers('users.db')).map((user) => user.email)).toStrictEqual(['ann@example.com'])
  expect(await storedUsers('db.sqlite3')).toStrictEqual([])
})

test('a broken ormconfig.json: exit 1 naming the file', async () => {
  writeFileSync(join(cwd, 'ormconfig.json'), '[]')
  expect(await runCli(['list-users'], { cwd })).toStrictEqual({
    code: 1,
    stdout: '',
    stderr: 'jwt-hooks: ormconfig.json: must be a JSON object of TypeORM options\n',
  })
})

// util-linux `script` gives the CLI a real terminal; without it there is no TTY to test with.
const SCRIPT = '/usr/bin/script'
;(existsSync(SCRIPT) ? test : test.skip)('create-user on a terminal: asks twice, echoes nothing of the password', async () => {
  const child = spawn(SCRIPT, ['-qec', `"${process.execPath}" "${CLI}" create-user tty@example.com`, '/dev/null'], { cwd, env: cleanEnv() })
  let output = ''
  let typed = false
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    // Typed once the first question shows (raw mode is on by then); both answers at once, as a paste.
    if (!typed && output.includes('Password: ')) {
      typed = true
      child.stdin.write('typed secret\rtyped secret\r')
    }
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  const code = await new Promise((resolve) => child.on('close', resolve))
  clearTimeout(timer)
  expect({ code, output: output.replace(/\r\n/g, '\n') }).toStrictEqual({
    code: 0,
    output: 'Password: \nRepeat password: \nCreated user 1 (tty@example.com).\n',
  })
  expect(await verifyPassword('typed secret', (await storedUsers())[0].password)).toBe(true)
})
