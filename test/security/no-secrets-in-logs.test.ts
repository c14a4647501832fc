import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format } from 'node:util'

import { DataSource } from 'typeorm'

import { isInFile } from '../../src/blacklist/is-in-file'
import { createConfiguredAuthenticator } from '../../src/config/create-configured-authenticator'
import { resetJwtConfig } from '../../src/config/jwt-config'
import type { VerifyOptions } from '../../src/core/types'
import { fetchUser } from '../../src/typeorm/fetch-user'
import { DOORS } from '../conformance/doors'
import type { RouteSpec } from '../conformance/routes'
import { Account, Member } from '../support/database'
import { send } from '../support/http'
import { KEY_KINDS, NOW, SECRET, tokenFor } from '../support/keys'
import { ANN, openTestDatabase, startLoginServer, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { post } from '../login/support/request'
import { CLAIMS, forge, signAs } from './support/forge'

// Everything the package may print, across attacks, faults, bad configuration and logins, is
// captured: console, stdout, stderr, process warnings, and the messages of startup errors (which
// an app prints). No token, secret, PEM line or password may appear in any of it.

const output: string[] = []
/** What must never be printed, whole; random ones also by any 10 characters of them. */
const whole = new Set<string>()
const random = new Set<string>()
const randomSecret = (prefix: string) => {
  const secret = `${prefix}${randomBytes(24).toString('base64url')}`
  random.add(secret)
  return secret
}

beforeAll(() => {
  const keep = (...args: unknown[]) => void output.push(format(...args))
  for (const method of ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const) jest.spyOn(console, method).mockImplementation(keep)
  for (const stream of [process.stdout, process.stderr]) jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => (keep(String(chunk)), true))
  jest.spyOn(process, 'emitWarning').mockImplementation(keep as never)
  for (const kind of KEY_KINDS) {
    whole.add(kind.name === 'HS256' ? (kind.verifyKey as string) : '')
    for (const line of kind.verifyKey.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) whole.add(line)
  }
  whole.add(String(KEY_KINDS[0].otherSigningKey))
  whole.delete('')
})
afterAll(() => jest.restoreAllMocks())

/** Sends a token and remembers it (and its signature) as something that must not be printed. */
async function sendToken(url: string, token: string): Promise<void> {
  whole.add(token)
  const signature = token.split('.')[2]
  if (signature !== undefined && signature.length >= 16) whole.add(signature)
  await send(url, { authorization: `Bearer ${token}` })
}

describe.each(DOORS)('attacks and faults, door $name', (door) => {
  test('tokens of every kind, stores that fail, hang, or are gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-logs-'))
    const database = new DataSource({ type: 'sqlite', database: ':memory:', entities: [Member, Account], synchronize: true })
    await database.initialize()
    const [HS, RS, ES] = KEY_KINDS
    const revoked = tokenFor(HS, { sub: '1', jti: 'revoked' })
    writeFileSync(join(dir, 'blacklist.txt'), `${revoked}\n`)
    const routes: RouteSpec[] = [
      { path: '/hs', mode: 'required', options: { secretOrPublicKey: HS.verifyKey, blackList: isInFile(join(dir, 'blacklist.txt')) } },
      { path: '/rs', mode: 'required', options: { secretOrPublicKey: RS.verifyKey, blackList: isInFile(join(dir, 'missing.txt')) } },
      { path: '/es', mode: 'optional', options: { secretOrPublicKey: ES.verifyKey } },
      { path: '/throws', mode: 'required', options: { secretOrPublicKey: HS.verifyKey, user: () => Promise.reject(new Error('database down')) } },
      { path: '/hangs', mode: 'required', options: { secretOrPublicKey: HS.verifyKey, timeout: 10, blackList: () => new Promise<boolean>(() => undefined) } },
      { path: '/gone', mode: 'required', options: { secretOrPublicKey: HS.verifyKey, user: fetchUser(Member, database) } },
    ]
    const server = await door.start(routes)
    await database.destroy()
    try {
      for (const path of ['/hs', '/throws', '/hangs', '/gone']) {
        await sendToken(server.url + path, tokenFor(HS, { sub: '1' }))
        await sendToken(server.url + path, revoked)
        await sendToken(server.url + path, tokenFor(HS, { sub: '1' }, {}, HS.otherSigningKey))
        await sendToken(server.url + path, tokenFor(HS, { exp: NOW - 60 }))
        await sendToken(server.url + path, forge({ alg: 'none' }, CLAIMS))
        await sendToken(server.url + path, signAs({ alg: 'HS256', crit: ['x'], x: 1 }, CLAIMS, HS.signingKey))
      }
      for (const [path, kind] of [['/rs', RS], ['/es', ES]] as const) {
        await sendToken(server.url + path, tokenFor(kind, { sub: '1' }))
        await sendToken(server.url + path, signAs({ alg: 'HS256' }, CLAIMS, kind.verifyKey))
        await sendToken(server.url + path, tokenFor(kind, { sub: '1' }, {}, kind.otherSigningKey))
        await sendToken(server.url + path, `${tokenFor(kind, { sub: '1' }).slice(0, -20)}AAAA`)
      }
    } finally {
      await server.close()
    }
  })
})

describe('bad configuration', () => {
  const home = process.cwd()
  afterEach(() => {
    process.chdir(home)
    resetJwtConfig()
  })

  const secret = randomSecret('Zq9v')
  const shortSecret = randomSecret('s')
  const PROJECTS: { files: Record<string, string>; verifyOptions?: VerifyOptions }[] = [
    { files: { 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: ${secret}: oops\n` } },
    { files: { 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: *${secret}\n` } },
    { files: { 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: !${secret} x\n` } },
    { files: { 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: "${secret}\n` } },
    { files: { 'config/default.json': `{"settings":{"jwt":{"secretOrPublicKey": ${secret}}}}` } },
    { files: { 'config/default.json': `{"settings":{"jwt":{"secretOrPublicKey": "${secret}",}}}` } },
    { files: { '.env': `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY="${secret}\nnot a pair ${secret}\n` } },
    { files: { '.env': `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY="-----BEGIN PUBLIC KEY-----\\n${secret}\\n-----END PUBLIC KEY-----"\n` } },
    { files: { 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: ${shortSecret.slice(0, 20)}\n` } },
    { files: { '.env': `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY="${KEY_KINDS[1].verifyKey.replace(/\n/g, '\\n')}"\n` }, verifyOptions: { algorithms: ['HS256'] } },
  ]
  test.each(PROJECTS.map((project, i) => ({ i, ...project })))('project $i: its startup error or warning quotes nothing', ({ files, verifyOptions }) => {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-logs-config-'))
    mkdirSync(join(dir, 'config'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    process.chdir(dir)
    resetJwtConfig()
    try {
      createConfiguredAuthenticator({}, verifyOptions)
    } catch (error) {
      // An app prints what stops it: the message and the stack.
      output.push(String(error), (error as Error).stack ?? '')
    }
  })
})

describe('LoginController', () => {
  let db: TestDatabase
  afterAll(() => db.drop())

  test('right and wrong passwords, unknown emails, malformed bodies', async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
    const server = await startLoginServer()
    try {
      const wrong = randomSecret('wrong-password-')
      for (const body of [ANN, { ...ANN, password: wrong }, { email: 'nobody@example.com', password: wrong }, { email: ANN.email, password: wrong, extra: 1 }, `{"email": "${ANN.email}", "password": "${wrong}"`]) {
        const reply = await post(`${server.url}/auth/login`, { body })
        const token = (reply.body as { token?: string }).token
        if (token !== undefined) whole.add(token)
      }
      whole.add(ANN.password)
    } finally {
      await server.close()
    }
  })
})

test('nothing printed holds a token, a secret, a PEM line or a password', () => {
  const printed = output.join('\n')
  const windows = [...random].flatMap((secret) => Array.from({ length: secret.length - 9 }, (_, i) => secret.slice(i, i + 10)))
  expect({
    leaks: [...whole, ...windows].filter((value) => printed.includes(value)),
    // The capture saw what these scenarios print: it would see a leak too.
    sawFaults: printed.includes('database down') && printed.includes('no answer within 10 ms'),
    sawMissingFile: printed.includes('blacklist file missing.txt not found'),
    sawStartupErrors: printed.includes('invalid YAML') && printed.includes('invalid JSON') && printed.includes('not a readable PEM key'),
    sawShortSecret: printed.includes('the secret is 20 bytes'),
  }).toStrictEqual({ leaks: [], sawFaults: true, sawMissingFile: true, sawStartupErrors: true, sawShortSecret: true })
})
