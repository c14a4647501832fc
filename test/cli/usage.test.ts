import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { runCli } from './support/run-cli'

let cwd: string
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-cli-'))
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const USAGE = [
  'Usage: jwt-hooks <command> [arguments]',
  '',
  'Commands:',
  '  createsecret [--save]                               Print a new 256-bit secret (base64); --save writes it to .env unless a key is configured',
  '  rotate-key [--algorithm <alg>] [--prune] [--save]   New signing key pair; the old public key verifies until its tokens expire (settings.jwt.keys); prints the lines, --save appends them to .env',
  '  create-user <email> [--password <password>]         Add a user; without --password, prompt (hidden) on a terminal or read stdin',
  '  revoke <token | -> [--force]                        Append a token the configured key accepts to the blacklist file (settings.jwt.blackListFile); - reads stdin; --force: any token',
  '  list-users                                          List users: id and email, tab-separated',
  '  list-identities                                     List key identities (public-key sign-in): key, created, last sign-in, tab-separated',
  '  create-permission <codeName> <name>                 Add a permission (code name as PermissionRequired asks for it, name for people)',
  '  create-group <codeName> <name> [<perm>...]          Add a group whose users hold the permissions <perm>... (code names; they must exist)',
  '  add-to-group <userId|email> <group>                 Put a user in a group (its code name): the user holds the group\'s permissions',
  '  grant <userId|email> <perm>                         Give a user the permission <perm> (its code name) directly, beside those of its groups',
  '  revoke-permission <userId|email> <perm>             Take back a permission given with grant (not one held through a group)',
  '  list-permissions [<userId|email>]                   List permissions (code name, name), or what a user holds (code name, direct or group)',
  '  create-api-key <name>                               Make an API key for POST /auth/tokens; prints the key once (only its hash is stored)',
  '  list-api-keys                                       List API keys: name, created, active or revoked <when> (never a key)',
  '  revoke-api-key <name>                               Revoke an API key: POST /auth/tokens refuses it from now on',
  '',
  'Options: -h, --help shows this help.',
  'Reads the working directory: settings.jwt.* from the environment, .env or config/;',
  'the database from ormconfig.json (default: SQLite file db.sqlite3).',
  'Exit codes: 0 done, 1 failed, 2 bad usage.',
  '',
].join('\n')

test.each([['--help'], ['-h'], ['help']])('%s: the usage on stdout, exit 0', async (flag) => {
  expect(await runCli([flag], { cwd })).toStrictEqual({ code: 0, stdout: USAGE, stderr: '' })
})

test('no command: the usage on stderr, exit 2', async () => {
  expect(await runCli([], { cwd })).toStrictEqual({ code: 2, stdout: '', stderr: USAGE })
})

test('a command’s --help: its usage line and summary, exit 0', async () => {
  expect(await runCli(['create-user', '--help'], { cwd })).toStrictEqual({
    code: 0,
    stdout:
      'Usage: jwt-hooks create-user <email> [--password <password>]\n' +
      'Add a user; without --password, prompt (hidden) on a terminal or read stdin\n',
    stderr: '',
  })
})

test.each([
  { args: ['frobnicate'], stderr: 'jwt-hooks: unknown command "frobnicate"\nRun "jwt-hooks --help" for the commands.\n' },
  { args: ['createsecret', '--force'], stderr: 'jwt-hooks: unknown option --force\nUsage: jwt-hooks createsecret [--save]\n' },
  { args: ['createsecret', '--save=yes'], stderr: 'jwt-hooks: --save takes no value\nUsage: jwt-hooks createsecret [--save]\n' },
  { args: ['createsecret', 'extra'], stderr: 'jwt-hooks: createsecret takes no arguments\nUsage: jwt-hooks createsecret [--save]\n' },
  {
    args: ['create-user'],
    stderr: 'jwt-hooks: create-user takes <email>\nUsage: jwt-hooks create-user <email> [--password <password>]\n',
  },
  {
    args: ['create-user', 'a@b.co', '--password'],
    stderr: 'jwt-hooks: --password needs a value\nUsage: jwt-hooks create-user <email> [--password <password>]\n',
  },
  { args: ['revoke'], stderr: 'jwt-hooks: revoke takes <token | ->\nUsage: jwt-hooks revoke <token | -> [--force]\n' },
  { args: ['revoke', 'a.b.c', 'd.e.f'], stderr: 'jwt-hooks: revoke takes <token | ->\nUsage: jwt-hooks revoke <token | -> [--force]\n' },
  { args: ['list-users', '--all'], stderr: 'jwt-hooks: unknown option --all\nUsage: jwt-hooks list-users\n' },
])('bad usage $args: exit 2 with a clear message', async ({ args, stderr }) => {
  expect(await runCli(args, { cwd })).toStrictEqual({ code: 2, stdout: '', stderr })
})
