import { runCli, type CliResult } from '../cli/support/run-cli'
import { postgresFolder, type PostgresFolder } from './support/postgres-folder'

// The CLI's database commands, as real processes, on a PostgreSQL database named by
// ormconfig.json: the same answers as on SQLite, and a well-formed id the key column cannot hold
// is "no user", not a query error. Several processes may start together on a new database.

const folders: PostgresFolder[] = []
afterAll(async () => {
  for (const folder of folders) await folder.remove()
})

async function folder(form: 'url' | 'fields'): Promise<PostgresFolder> {
  const made = await postgresFolder(form)
  folders.push(made)
  return made
}

const done = (stdout: string, stderr = ''): CliResult => ({ code: 0, stdout, stderr })
const failed = (stderr: string): CliResult => ({ code: 1, stdout: '', stderr: `jwt-hooks: ${stderr}\n` })

describe('users and permissions on PostgreSQL (ormconfig.json with url)', () => {
  let cwd: string
  const cli = (...args: string[]) => runCli(args, { cwd })

  beforeAll(async () => {
    cwd = (await folder('url')).cwd
  })

  test('create-user and list-users', async () => {
    expect(await cli('list-users')).toStrictEqual(done('', 'No users yet.\n'))
    expect(await cli('create-user', 'Ann@Example.com', '--password', 'ann-password-1')).toStrictEqual(done('Created user 1 (ann@example.com).\n'))
    expect(await runCli(['create-user', 'bob@example.com'], { cwd, input: 'bob-password-1\n' })).toStrictEqual(done('Created user 2 (bob@example.com).\n'))
    expect(await cli('create-user', 'ann@example.com', '--password', 'another-one')).toStrictEqual(failed('a user with email ann@example.com already exists'))
    expect(await cli('list-users')).toStrictEqual(done('1\tann@example.com\n2\tbob@example.com\n'))
  })

  test('create-permission, grant, create-group, add-to-group, list-permissions, revoke-permission', async () => {
    expect(await cli('create-permission', 'admin', 'Administrators')).toStrictEqual(done('Created permission admin (Administrators).\n'))
    expect(await cli('create-permission', 'audit', 'Read the logs')).toStrictEqual(done('Created permission audit (Read the logs).\n'))
    expect(await cli('create-permission', 'admin', 'Again')).toStrictEqual(failed('a permission with code name admin already exists'))
    expect(await cli('grant', '1', 'admin')).toStrictEqual(done('Granted admin to user 1 (ann@example.com).\n'))
    expect(await cli('grant', 'ann@example.com', 'admin')).toStrictEqual(done('Nothing to do: user 1 (ann@example.com) already holds admin.\n'))
    expect(await cli('create-group', 'auditors', 'Auditors', 'audit')).toStrictEqual(done('Created group auditors (Auditors) with permissions audit.\n'))
    expect(await cli('add-to-group', 'bob@example.com', 'auditors')).toStrictEqual(done('Added user 2 (bob@example.com) to group auditors.\n'))
    expect(await cli('list-permissions')).toStrictEqual(done('admin\tAdministrators\naudit\tRead the logs\n'))
    expect(await cli('list-permissions', '1')).toStrictEqual(done('admin\tdirect\n'))
    expect(await cli('list-permissions', '2')).toStrictEqual(done('audit\tgroup auditors\n'))
    expect(await cli('revoke-permission', '1', 'admin')).toStrictEqual(done('Revoked admin from user 1 (ann@example.com).\n'))
    expect(await cli('list-permissions', '1')).toStrictEqual(done('', 'No permissions: user 1 (ann@example.com) holds none.\n'))
  })

  test('an id beyond a 32-bit integer names no user, as one in range that is not there', async () => {
    expect(await cli('grant', '99999999999', 'admin')).toStrictEqual(failed('no user with id 99999999999'))
    expect(await cli('add-to-group', '2147483648', 'auditors')).toStrictEqual(failed('no user with id 2147483648'))
    expect(await cli('grant', '2147483647', 'admin')).toStrictEqual(failed('no user with id 2147483647'))
  })
})

describe('processes starting together on a new PostgreSQL database (ormconfig.json with host, port, username, database)', () => {
  test('six list-users at once: each answers, none fails on the schema another one is making', async () => {
    const { cwd } = await folder('fields')
    const results = await Promise.all(Array.from({ length: 6 }, () => runCli(['list-users'], { cwd })))
    expect(results).toStrictEqual(Array(6).fill(done('', 'No users yet.\n')))
  })

  test('five create-user of one email at once: one creates it, the others say it exists', async () => {
    const { cwd } = await folder('fields')
    const results = await Promise.all(Array.from({ length: 5 }, () => runCli(['create-user', 'ann@example.com', '--password', 'ann-password-1'], { cwd })))
    const sorted = [...results].sort((a, b) => (a.code ?? 0) - (b.code ?? 0))
    // A serial value taken by an insert that lost is not given back: the id is whichever came first.
    const id = /^Created user (\d+) \(ann@example\.com\)\.\n$/.exec(sorted[0].stdout)?.[1]
    expect(sorted).toStrictEqual([done(`Created user ${id} (ann@example.com).\n`), ...Array(4).fill(failed('a user with email ann@example.com already exists'))])
    expect(await runCli(['list-users'], { cwd })).toStrictEqual(done(`${id}\tann@example.com\n`))
  })
})
