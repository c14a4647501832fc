import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createDataSource } from '../../src/typeorm/data-source'
import { fetchUserWithPermissions } from '../../src/typeorm/fetch-user-with-permissions'
import { Group } from '../../src/typeorm/group.entity'
import { Permission } from '../../src/typeorm/permission.entity'
import { User } from '../../src/typeorm/user.entity'
import { runCli, type CliResult } from './support/run-cli'

let cwd: string
/** A fresh working directory (so a fresh SQLite file) for each test, or for a describe's tests. */
function freshDirectory(each: boolean): void {
  const [before, after] = each ? [beforeEach, afterEach] : [beforeAll, afterAll]
  before(() => {
    cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-perms-'))
  })
  after(() => rmSync(cwd, { recursive: true, force: true }))
}

const cli = (...args: string[]): Promise<CliResult> => runCli(args, { cwd })
const done = (stdout: string): CliResult => ({ code: 0, stdout, stderr: '' })
const failed = (message: string): CliResult => ({ code: 1, stdout: '', stderr: `jwt-hooks: ${message}\n` })
const usage = (message: string, line: string): CliResult => ({ code: 2, stdout: '', stderr: `jwt-hooks: ${message}\nUsage: jwt-hooks ${line}\n` })

/** Reads the SQLite file the CLI wrote, as a server would. */
async function stored<T>(read: (load: (id: number) => Promise<User | undefined>) => Promise<T>): Promise<T> {
  const dataSource = createDataSource({ cwd })
  await dataSource.initialize()
  try {
    const load = fetchUserWithPermissions(User, dataSource)
    return await read((id) => load(String(id)))
  } finally {
    await dataSource.destroy()
  }
}

/** Ann (1) and Bob (2), and permissions delete-users and read-a, group admin (delete-users), written directly: create-user is tested elsewhere. */
async function seed(): Promise<void> {
  await stored(async () => {
    await User.save([User.create({ email: 'ann@example.com', password: 'x' }), User.create({ email: 'bob@example.com', password: 'x' })])
    const [deleteUsers] = await Permission.save([Permission.create({ codeName: 'delete-users', name: 'Delete users' }), Permission.create({ codeName: 'read-a', name: 'Read A' })])
    await Group.create({ codeName: 'admin', name: 'Administrators', permissions: [deleteUsers] }).save()
  })
}

describe('create-permission and create-group', () => {
  freshDirectory(true)
  test('create, then refuse the same code name again: exit 1, the first one unchanged', async () => {
    expect(await cli('create-permission', 'delete-users', 'Delete users')).toStrictEqual(done('Created permission delete-users (Delete users).\n'))
    expect(await cli('create-permission', 'delete-users', 'Other')).toStrictEqual(failed('a permission with code name delete-users already exists'))
    expect(await cli('create-group', 'admin', 'Administrators', 'delete-users', 'delete-users')).toStrictEqual(
      done('Created group admin (Administrators) with permissions delete-users.\n'),
    )
    expect(await cli('create-group', 'admin', 'Other')).toStrictEqual(failed('a group with code name admin already exists'))
    expect(await cli('create-group', 'empty', 'Nobody yet')).toStrictEqual(done('Created group empty (Nobody yet) with no permissions yet.\n'))
    const rows = await stored(async () => ({
      permissions: await Permission.find({ order: { id: 'ASC' } }),
      groups: await Group.find({ relations: { permissions: true }, order: { id: 'ASC' } }),
    }))
    expect(JSON.parse(JSON.stringify(rows))).toStrictEqual({
      permissions: [{ id: 1, codeName: 'delete-users', name: 'Delete users' }],
      groups: [
        { id: 1, codeName: 'admin', name: 'Administrators', permissions: [{ id: 1, codeName: 'delete-users', name: 'Delete users' }] },
        { id: 2, codeName: 'empty', name: 'Nobody yet', permissions: [] },
      ],
    })
  })

  test('create-group names every permission that does not exist: exit 1, no group', async () => {
    await cli('create-permission', 'read', 'Read')
    expect(await cli('create-group', 'readers', 'Readers', 'nope', 'read', 'zip')).toStrictEqual(
      failed('no permission with code name nope, zip (create it with create-permission)'),
    )
    expect(await stored(() => Group.count())).toBe(0)
  })

  const CREATE_PERMISSION = 'create-permission <codeName> <name>'
  const notACodeName = (shown: string) => `"${shown}" is not a code name (1 to 100 characters, no spaces or control characters)`
  test.each([
    { args: ['create-permission', 'two words', 'x'], expected: usage(notACodeName('two words'), CREATE_PERMISSION) },
    { args: ['create-permission', '', 'x'], expected: usage(notACodeName(''), CREATE_PERMISSION) },
    { args: ['create-permission', 'a\tb', 'x'], expected: usage(notACodeName('a\\tb'), CREATE_PERMISSION) },
    { args: ['create-permission', 'zero\u200bwidth', 'x'], expected: usage(notACodeName('zero\u200bwidth'), CREATE_PERMISSION) },
    { args: ['create-permission', 'x'.repeat(101), 'x'], expected: usage(notACodeName('x'.repeat(101)), CREATE_PERMISSION) },
    { args: ['create-permission', 'ok', ' '], expected: usage('the name must have 1 to 255 characters, no control characters', CREATE_PERMISSION) },
    { args: ['create-permission', 'ok', 'line\nbreak'], expected: usage('the name must have 1 to 255 characters, no control characters', CREATE_PERMISSION) },
    { args: ['create-permission', 'ok', 'x'.repeat(256)], expected: usage('the name must have 1 to 255 characters, no control characters', CREATE_PERMISSION) },
    { args: ['create-permission', 'ok'], expected: usage('create-permission takes <codeName> <name>', CREATE_PERMISSION) },
    {
      args: ['create-group', 'g', 'x'.repeat(81)],
      expected: usage('the name must have 1 to 80 characters, no control characters', 'create-group <codeName> <name> [<perm>...]'),
    },
    { args: ['create-group', 'g', 'G', 'bad perm'], expected: usage(notACodeName('bad perm'), 'create-group <codeName> <name> [<perm>...]') },
  ])('$args.0 $args.1: exit 2 before the database is opened', async ({ args, expected }) => {
    expect(await cli(...args)).toStrictEqual(expected)
    expect(existsSync(join(cwd, 'db.sqlite3'))).toBe(false)
  })
})

describe('add-to-group and grant: what a server loading the user with fetchUserWithPermissions then sees', () => {
  freshDirectory(true)
  beforeEach(seed)

  test('by email in any case or by id; twice is nothing to do (exit 0)', async () => {
    expect(await cli('add-to-group', 'ANN@example.com', 'admin')).toStrictEqual(done('Added user 1 (ann@example.com) to group admin.\n'))
    expect(await cli('add-to-group', '1', 'admin')).toStrictEqual(done('Nothing to do: user 1 (ann@example.com) is already in group admin.\n'))
    expect(await cli('grant', '2', 'read-a')).toStrictEqual(done('Granted read-a to user 2 (bob@example.com).\n'))
    expect(await cli('grant', 'bob@example.com', 'read-a')).toStrictEqual(done('Nothing to do: user 2 (bob@example.com) already holds read-a.\n'))
    const held = await stored(async (load) => {
      const [ann, bob] = [await load(1), await load(2)]
      return ['delete-users', 'read-a'].map((codeName) => [codeName, ann!.hasPerm(codeName), bob!.hasPerm(codeName)])
    })
    expect(held).toStrictEqual([
      ['delete-users', true, false],
      ['read-a', false, true],
    ])
  })

})

describe('add-to-group and grant refused: one database for all cases, since none changes it', () => {
  freshDirectory(false)
  beforeAll(seed)

  test.each([
    { args: ['add-to-group', 'carl@example.com', 'admin'], expected: failed('no user with email carl@example.com') },
    { args: ['add-to-group', '3', 'admin'], expected: failed('no user with id 3') },
    { args: ['add-to-group', '1', 'nobody'], expected: failed('no group with code name nobody (create it with create-group)') },
    { args: ['grant', '1', 'fly'], expected: failed('no permission with code name fly (create it with create-permission)') },
    // One user, one spelling of its id, as for the token's sub.
    { args: ['grant', '01', 'read-a'], expected: usage('"01" is neither a user id nor an email address', 'grant <userId|email> <perm>') },
    { args: ['grant', 'ann', 'read-a'], expected: usage('"ann" is neither a user id nor an email address', 'grant <userId|email> <perm>') },
    { args: ['grant', '1', 'read a'], expected: usage('"read a" is not a code name (1 to 100 characters, no spaces or control characters)', 'grant <userId|email> <perm>') },
  ])('$args: refused, nothing changed', async ({ args, expected }) => {
    expect(await cli(...args)).toStrictEqual(expected)
    expect(await stored(async (load) => [await load(1), await load(2)].map((user) => [user!.groups, user!.userPermissions]))).toStrictEqual([
      [[], []],
      [[], []],
    ])
  })
})

describe('revoke-permission and list-permissions', () => {
  freshDirectory(true)
  beforeEach(async () => {
    await seed()
    await stored(async () => {
      const [deleteUsers, readA] = await Permission.find({ order: { id: 'ASC' } })
      await Group.save({ id: 1, permissions: [deleteUsers, readA] })
      await User.save([{ id: 1, groups: [{ id: 1 }], userPermissions: [readA] }, { id: 2, userPermissions: [readA] }])
    })
  })

  test('list-permissions: every permission, then what each user holds and from where', async () => {
    expect(await cli('list-permissions')).toStrictEqual(done('delete-users\tDelete users\nread-a\tRead A\n'))
    expect(await cli('list-permissions', 'ann@example.com')).toStrictEqual(done('delete-users\tgroup admin\nread-a\tdirect\nread-a\tgroup admin\n'))
    expect(await cli('list-permissions', '2')).toStrictEqual(done('read-a\tdirect\n'))
  })

  test('revoke-permission takes back a grant; said when a group still gives it; refused when only a group does', async () => {
    expect(await cli('revoke-permission', '2', 'read-a')).toStrictEqual(done('Revoked read-a from user 2 (bob@example.com).\n'))
    expect(await cli('revoke-permission', '2', 'read-a')).toStrictEqual(done('Nothing to do: user 2 (bob@example.com) does not hold read-a.\n'))
    expect(await cli('revoke-permission', '1', 'read-a')).toStrictEqual(
      done('Revoked read-a from user 1 (ann@example.com); it still holds it through group admin.\n'),
    )
    expect(await cli('revoke-permission', '1', 'delete-users')).toStrictEqual(
      failed('user 1 (ann@example.com) holds delete-users only through group admin; revoke-permission takes back only what grant gave'),
    )
    expect(await cli('list-permissions', '2')).toStrictEqual({ code: 0, stdout: '', stderr: 'No permissions: user 2 (bob@example.com) holds none.\n' })
    expect(await stored(async (load) => [(await load(1))!.hasPerm('read-a'), (await load(2))!.hasPerm('read-a')])).toStrictEqual([true, false])
  })
})

describe('a new database', () => {
  freshDirectory(true)
  test('list-permissions: none yet, said on stderr', async () => {
    expect(await cli('list-permissions')).toStrictEqual({ code: 0, stdout: '', stderr: 'No permissions yet.\n' })
})
})
