import { createHmac } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

// revoke checks the token against the configured key: these tests configure the one they sign with.
const KEY = { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET }

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
  expect(await runCli(['revoke', TOKEN], { cwd, env: KEY })).toStrictEqual(REVOKED('blacklist.txt'))
  expect(read('blacklist.txt')).toBe(`${TOKEN}\n`)
})

test('revoke - reads the token from standard input (it stays out of ps and shell history)', async () => {
  expect(await runCli(['revoke', '-'], { cwd, input: `${TOKEN}\n`, env: KEY })).toStrictEqual(REVOKED('blacklist.txt'))
  expect(read('blacklist.txt')).toBe(`${TOKEN}\n`)
})

test('a token already there is not added twice; other lines are kept, a missing last line break added', async () => {
  writeFileSync(join(cwd, 'blacklist.txt'), OTHER)
  await runCli(['revoke', TOKEN], { cwd, env: KEY })
  expect(await runCli(['revoke', TOKEN], { cwd, env: KEY })).toStrictEqual({
    code: 0,
    stdout: 'That token is already revoked in blacklist.txt.\n',
    stderr: '',
  })
  expect(read('blacklist.txt')).toBe(`${OTHER}\n${TOKEN}\n`)
})

test('the file named by the configuration, its directory made if needed', async () => {
  writeFileSync(join(cwd, '.env'), 'SETTINGS_JWT_BLACK_LIST_FILE=revoked/tokens.txt\n')
  expect(await runCli(['revoke', TOKEN], { cwd, env: KEY })).toStrictEqual(REVOKED('revoked/tokens.txt'))
  expect(read('revoked/tokens.txt')).toBe(`${TOKEN}\n`)
})

test.each(['not-a-token', 'a.b', 'a.b.c.d', `${TOKEN} extra`, 'a..c'])('%j is not a JWT: exit 2, the argument not echoed', async (arg) => {
  expect(await runCli(['revoke', arg], { cwd, env: KEY })).toStrictEqual({
    code: 2,
    stdout: '',
    stderr: 'jwt-hooks: the argument is not a JWT (three base64url parts joined by dots)\nUsage: jwt-hooks revoke <token | -> [--force]\n',
  })
})

test('claims with control characters are escaped, never sent to the terminal raw', async () => {
  const nasty = sign({ sub: 'x\u001b[2J' }, SECRET, { noTimestamp: true })
  expect((await runCli(['revoke', nasty], { cwd, env: KEY })).stdout).toBe(
    'Revoked the token of subject "x\\u001b[2J" in blacklist.txt; servers watching that file refuse it now.\n',
  )
})

describe('revoke says why a token the configured key refuses would change nothing, and appends it only with --force', () => {
  const KEY_SOURCE = '("settings.jwt.secretOrPublicKey" from environment variable SETTINGS_JWT_SECRET_OR_PUBLIC_KEY)'
  const FOREIGN = sign({ sub: '7', exp: EXP }, 'another-secret-of-at-least-thirty-two-bytes')
  const EXPIRED = sign({ sub: '7', exp: Date.UTC(2001, 8, 9, 1, 46, 40) / 1000 }, SECRET)
  const NOT_YET = sign({ sub: '7', nbf: EXP - 60, exp: EXP }, SECRET)
  const notRevoked = (why: string) => ({ code: 1, stdout: '', stderr: `jwt-hooks: not revoked: ${why}. Nothing was written; --force appends it anyway.\n` })
  const exists = (file: string) => readdirSync(cwd).includes(file)

  test('signed by another key: exit 1, nothing written, the key named, the token never shown', async () => {
    const result = await runCli(['revoke', FOREIGN], { cwd, env: KEY })
    expect(result).toStrictEqual(notRevoked(`the token is not signed by the configured key ${KEY_SOURCE}, so servers using that key refuse it already`))
    expect(exists('blacklist.txt')).toBe(false)
  })

  test('already expired: exit 1, nothing written, when it expired', async () => {
    expect(await runCli(['revoke', EXPIRED], { cwd, env: KEY })).toStrictEqual(
      notRevoked('the token expired at 2001-09-09T01:46:40.000Z, so servers using that key refuse it already'),
    )
    expect(exists('blacklist.txt')).toBe(false)
  })

  test('correctly signed, but its payload is not JSON: exit 1, the verdict of the key', async () => {
    const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('not json').toString('base64url')}`
    const token = `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`
    expect(await runCli(['revoke', token], { cwd, env: KEY })).toStrictEqual(
      notRevoked(`the configured key ${KEY_SOURCE} does not accept the token (jwt malformed), so servers using that key refuse it already`),
    )
  })

  test('no key configured: exit 1, nothing written, it says it could not check', async () => {
    expect(await runCli(['revoke', TOKEN], { cwd })).toStrictEqual(
      notRevoked('no key is configured to check the token against (set SETTINGS_JWT_SECRET_OR_PUBLIC_KEY or "settings.jwt.secretOrPublicKey" in config/)'),
    )
    expect(exists('blacklist.txt')).toBe(false)
  })

  test('not valid yet (nbf): it will be, so it is revoked', async () => {
    expect((await runCli(['revoke', NOT_YET], { cwd, env: KEY })).code).toBe(0)
    expect(read('blacklist.txt')).toBe(`${NOT_YET}\n`)
  })

  test('--force appends it all the same, and says why on standard error', async () => {
    expect(await runCli(['revoke', '--force', FOREIGN], { cwd, env: KEY })).toStrictEqual({
      code: 0,
      stdout: 'Revoked the token of subject "7" (expires 2031-01-02T03:04:05.000Z) in blacklist.txt; servers watching that file refuse it now.\n',
      stderr: `jwt-hooks: --force: the token is not signed by the configured key ${KEY_SOURCE}; appended all the same.\n`,
    })
    expect(await runCli(['revoke', EXPIRED, '--force'], { cwd })).toMatchObject({ code: 0 })
    expect(read('blacklist.txt')).toBe(`${FOREIGN}\n${EXPIRED}\n`)
  })
})
