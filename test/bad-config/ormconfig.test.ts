import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ConfigError } from '../../src/config/config-error'
import { createDataSource } from '../../src/typeorm/data-source'
import { runCli } from '../cli/support/run-cli'

describe('ormconfig.json that is not JSON', () => {
  test('the error names the file and the position, never the text (it may hold the password)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-ormconfig-'))
    writeFileSync(join(cwd, 'ormconfig.json'), '{ "type": "postgres", "password": hunter2-secret }')
    let thrown: unknown
    try {
      createDataSource({ cwd })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect((thrown as Error).message).toMatch(/^jwt-hooks: ormconfig\.json: invalid JSON: /)
    expect((thrown as Error).message).not.toContain('hunter2')
  })
})

describe('ormconfig.json with a key jwt-hooks cannot use: the key and the file are named, at once', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a database type the stores are not written for', { type: 'mysql', password: 'hunter2-secret' }, 'type', 'must be "sqlite" (the default) or "postgres", not "mysql"'],
    ['PostgreSQL without a database', { type: 'postgres', host: 'db', password: 'hunter2-secret' }, 'database', 'is required with "type": "postgres" (or give "url")'],
    ['a URL of another scheme', { type: 'postgres', url: 'mysql://app:hunter2-secret@db/app' }, 'url', 'is not a PostgreSQL URL: it must be postgres://user:password@host:port/database'],
    ['a port in quotes', { type: 'postgres', database: 'app', port: '5432', password: 'hunter2-secret' }, 'port', 'must be a whole number from 1 to 65535'],
    ['a password that is not a string', { type: 'postgres', database: 'app', password: 1234 }, 'password', 'must be a string'],
  ]

  test.each(cases)('%s', (_title, config, key, reason) => {
    const cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-ormconfig-'))
    writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify(config))
    let thrown: unknown
    try {
      createDataSource({ cwd })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    const { message, key: named, file } = thrown as ConfigError
    expect({ message, key: named, file }).toStrictEqual({ message: `jwt-hooks: "${key}" in ormconfig.json: ${reason}`, key, file: 'ormconfig.json' })
    expect(message).not.toContain('hunter2')
  })

  test('the CLI says it in one line and exits 1', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-ormconfig-'))
    writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify({ type: 'postgres', host: 'db', password: 'hunter2-secret' }))
    expect(await runCli(['list-users'], { cwd })).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: 'jwt-hooks: "database" in ormconfig.json: is required with "type": "postgres" (or give "url")\n',
    })
  })
})
