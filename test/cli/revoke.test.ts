import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { sign } from 'jsonwebtoken'

import { SECRET } from '../support/keys'
import { runCli } from './support/run-cli'

let cwd: string
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-revoke-'))
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const EXP = Date.UTC(2031, 0, 2, 3, 4, 5) / 1000
const TOKEN = sign({ sub: '7', exp: EXP }, SECRET)
const OTHER = sign({ sub: '8', exp: EXP }, SECRET)
const REVOKED = (file: string) => ({
  code: 0,
  stdout: `Revoked the token of subject "7" (expires 2031-01-02T03:04:05.000Z) in ${file}; servers watching that file refuse it now.\n`,
  stderr: '',
})
const read = (file: string) => readFileSync(join(cwd, file), 'utf8')

test('revoke appends the token as one line of settings.jwt.blackListFile (default blacklist.txt)', async () => {
  expect(await runCli(['revoke', TOKEN], { cwd })).toStrictEqual(REVOKED('blacklist.txt'))
  expect(read('blacklist.txt')).toBe(`${TOKEN}\n`)
})

test('revoke - reads the token from standard input (it stays out of ps and shell history)', async () => {
  expect(await runCli(['revoke', '-'], { cwd, input: `${TOKEN}\n` })).toStrictEqual(REVOKED('blacklist.txt'))
  expect(read('blacklist.txt')).toBe(`${TOKEN}\n`)
})

test('a token already there is not added twice; other lines are kept, a missing last line break added', async () => {
  writeFileSync(join(cwd, 'blacklist.txt'), OTHER)
  await runCli(['revoke', TOKEN], { cwd })
  expect(await runCli(['revoke', TOKEN], { cwd })).toStrictEqual({
    code: 0,
    stdout: 'That token is already revoked in blacklist.txt.\n',
    stderr: '',
  })
  expect(read('blacklist.txt')).toBe(`${OTHER}\n${TOKEN}\n`)
})

test('the file named by the configuration, its directory made if needed', async () => {
  writeFileSync(join(cwd, '.env'), 'SETTINGS_JWT_BLACK_LIST_FILE=revoked/tokens.txt\n')
  expect(await runCli(['revoke', TOKEN], { cwd })).toStrictEqual(REVOKED('revoked/tokens.txt'))
  expect(read('revoked/tokens.txt')).toBe(`${TOKEN}\n`)
})

test.each(['not-a-token', 'a.b', 'a.b.c.d', `${TOKEN} extra`, 'a..c'])('%j is not a JWT: exit 2, the argument not echoed', async (arg) => {
  expect(await runCli(['revoke', arg], { cwd })).toStrictEqual({
    code: 2,
    stdout: '',
    stderr: 'jwt-hooks: the argument is not a JWT (three base64url parts joined by dots)\nUsage: jwt-hooks revoke <token | ->\n',
  })
})

test('claims with control characters are escaped, never sent to the terminal raw', async () => {
  const nasty = sign({ sub: 'x\u001b[2J' }, SECRET, { noTimestamp: true })
  expect((await runCli(['revoke', nasty], { cwd })).stdout).toBe(
    'Revoked the token of subject "x\\u001b[2J" in blacklist.txt; servers watching that file refuse it now.\n',
  )
})
