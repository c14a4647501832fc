import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { runCli } from './support/run-cli'

let cwd: string
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-secret-'))
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const SECRET_LINE = /^SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=([A-Za-z0-9+/]{43}=)\n$/
const WROTE = { code: 0, stdout: 'Wrote a new secret to .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY).\n', stderr: '' }
const readEnv = () => readFileSync(join(cwd, '.env'), 'utf8')

test('createsecret prints a fresh 256-bit secret, base64, each time another', async () => {
  const [a, b] = await Promise.all([runCli(['createsecret'], { cwd }), runCli(['createsecret'], { cwd })])
  expect([a.code, a.stderr, b.code]).toStrictEqual([0, '', 0])
  expect(a.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/)
  expect(Buffer.from(a.stdout.trim(), 'base64')).toHaveLength(32)
  expect(a.stdout).not.toBe(b.stdout)
})

test('--save writes the secret to .env (mode 600, not printed); a second run changes nothing', async () => {
  expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual(WROTE)
  const first = readEnv()
  expect(first).toMatch(SECRET_LINE)
  expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600)
  expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual({
    code: 0,
    stdout: 'A key is already configured in .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY); .env left as it is.\n',
    stderr: '',
  })
  expect(readEnv()).toBe(first)
})

test('--save keeps what .env already holds and starts a new line', async () => {
  writeFileSync(join(cwd, '.env'), '# mine\nPORT=4000')
  expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual(WROTE)
  const [mine, line] = readEnv().split(/(?<=PORT=4000\n)/)
  expect(mine).toBe('# mine\nPORT=4000\n')
  expect(line).toMatch(SECRET_LINE)
})

test('--save replaces an empty SETTINGS_JWT_SECRET_OR_PUBLIC_KEY= (a later line wins) without touching it', async () => {
  writeFileSync(join(cwd, '.env'), 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=\n')
  expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual(WROTE)
  expect(readEnv().split('\n')).toStrictEqual(['SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=', expect.stringMatching(/^SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=.{44}$/), ''])
  expect((await runCli(['createsecret', '--save'], { cwd })).stdout).toBe(
    'A key is already configured in .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY); .env left as it is.\n',
  )
})

test('--save writes nothing when the key is in the environment', async () => {
  const env = { SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: 'from-the-environment-and-long-enough-for-hs256' }
  expect(await runCli(['createsecret', '--save'], { cwd, env })).toStrictEqual({
    code: 0,
    stdout: 'A key is already configured in environment variable SETTINGS_JWT_SECRET_OR_PUBLIC_KEY; .env left as it is.\n',
    stderr: '',
  })
  expect(() => statSync(join(cwd, '.env'))).toThrow(/ENOENT/)
})

test('--save writes nothing when the key is in config/default.json', async () => {
  mkdirSync(join(cwd, 'config'))
  writeFileSync(join(cwd, 'config/default.json'), JSON.stringify({ settings: { jwt: { secretOrPublicKey: 'x'.repeat(40) } } }))
  expect((await runCli(['createsecret', '--save'], { cwd })).stdout).toBe(
    'A key is already configured in config/default.json; .env left as it is.\n',
  )
})

test('--save refuses a secret next to a private key (they would not match): exit 1', async () => {
  writeFileSync(join(cwd, '.env'), 'SETTINGS_JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"\n')
  expect(await runCli(['createsecret', '--save'], { cwd })).toStrictEqual({
    code: 1,
    stdout: '',
    stderr: 'jwt-hooks: "settings.jwt.privateKey" is set: configure its public key as "settings.jwt.secretOrPublicKey", not a secret\n',
  })
})

test('a broken config file: exit 1 with the ConfigError naming the file', async () => {
  mkdirSync(join(cwd, 'config'))
  writeFileSync(join(cwd, 'config/default.json'), '{ nope')
  const result = await runCli(['createsecret', '--save'], { cwd })
  expect([result.code, result.stdout]).toStrictEqual([1, ''])
  expect(result.stderr).toMatch(/^jwt-hooks: config\/default\.json: invalid JSON: .+\n$/)
})
