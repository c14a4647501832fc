import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { sign } from 'jsonwebtoken'

import { createDataSource } from '../../src/typeorm/data-source'
import { User } from '../../src/typeorm/user.entity'
import { startDemoProcess } from '../demo/support/demo-process'
import { SECRET } from '../support/keys'
import { runCli } from './support/run-cli'

let cwd: string
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-modes-'))
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const mode = (file: string) => `0${(statSync(join(cwd, file)).mode & 0o777).toString(8)}`
const KEY = { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET }

describe('files the package creates or writes secrets into are 0600, not 0644', () => {
  test('createsecret --save makes an existing 0644 .env 0600 before appending the secret', async () => {
    writeFileSync(join(cwd, '.env'), 'PORT=4000\n')
    chmodSync(join(cwd, '.env'), 0o644)
    expect((await runCli(['createsecret', '--save'], { cwd })).code).toBe(0)
    expect(mode('.env')).toBe('0600')
  })

  test('createsecret --save makes a new .env 0600', async () => {
    expect((await runCli(['createsecret', '--save'], { cwd })).code).toBe(0)
    expect(mode('.env')).toBe('0600')
  })

  test('create-user makes db.sqlite3 (password hashes) 0600', async () => {
    expect((await runCli(['create-user', 'ann@example.com', '--password', 'correct horse'], { cwd })).code).toBe(0)
    expect(mode('db.sqlite3')).toBe('0600')
  })

  test('revoke makes blacklist.txt 0600', async () => {
    const token = sign({ sub: '7', exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET)
    expect((await runCli(['revoke', token], { cwd, env: KEY })).code).toBe(0)
    expect(mode('blacklist.txt')).toBe('0600')
  })

  test('createDataSource: the SQLite file, and its -wal and -shm files, are 0600', async () => {
    const dataSource = createDataSource({ cwd, database: 'nested/users.sqlite3' })
    await dataSource.initialize()
    try {
      await dataSource.query('PRAGMA journal_mode=WAL')
      await User.create({ email: 'ann@example.com', password: 'pbkdf2_sha256$1$salt$hash' }).save()
      expect(['nested/users.sqlite3', 'nested/users.sqlite3-wal', 'nested/users.sqlite3-shm'].map(mode)).toStrictEqual(['0600', '0600', '0600'])
    } finally {
      await dataSource.destroy()
    }
  })

  test('createDataSource: the rollback -journal of a transaction is 0600', async () => {
    const dataSource = createDataSource({ cwd })
    await dataSource.initialize()
    try {
      await dataSource.query('PRAGMA journal_mode=PERSIST')
      await User.create({ email: 'bob@example.com', password: 'pbkdf2_sha256$1$salt$hash' }).save()
      expect(['db.sqlite3', 'db.sqlite3-journal'].map(mode)).toStrictEqual(['0600', '0600'])
    } finally {
      await dataSource.destroy()
    }
  })

  test('the demo server makes db.sqlite3 and blacklist.txt 0600', async () => {
    const demo = startDemoProcess(cwd, KEY)
    try {
      await demo.url()
      expect(['db.sqlite3', 'blacklist.txt'].map(mode)).toStrictEqual(['0600', '0600'])
    } finally {
      await demo.stop()
    }
  })
})
