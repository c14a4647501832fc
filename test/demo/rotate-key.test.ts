import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { parseDotenv } from '../../src/config/parse-dotenv'
import { jwkThumbprint } from '../../src/core/keys/jwk-thumbprint'
import { runCli } from '../cli/support/run-cli'
import { bearer, get, post, type Reply } from '../login/support/request'
import { startDemoProcess, type DemoProcess } from './support/demo-process'

// npm start and `jwt-hooks rotate-key` as an operator runs them, in one directory: the demo signs
// with an Ed25519 key from .env; each rotation is followed by a restart.

let cwd: string
let demo: DemoProcess | undefined
let password: string

beforeAll(() => {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'jwt-hooks-rotate-demo-')))
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const line = (name: string, pem: string) => `${name}="${pem.replace(/\n/g, '\\n')}"`
  writeFileSync(
    join(cwd, '.env'),
    `${line('SETTINGS_JWT_PRIVATE_KEY', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)}\n` +
      `${line('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY', publicKey.export({ type: 'spki', format: 'pem' }) as string)}\n` +
      'SETTINGS_JWT_EXPIRES_IN=10m\n',
    { mode: 0o600 },
  )
})
afterEach(async () => {
  await demo?.stop()
  demo = undefined
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

async function restart(): Promise<string> {
  await demo?.stop()
  demo = startDemoProcess(cwd)
  const url = await demo.url()
  password ??= /password: (\S+)\n/.exec(demo.stdout())![1]
  return url
}

const env = () => parseDotenv(readFileSync(join(cwd, '.env'), 'utf8'))
const signingKey = (): KeyObject => createPrivateKey(env().get('SETTINGS_JWT_PRIVATE_KEY')!)
const keySet = () => JSON.parse(env().get('SETTINGS_JWT_KEYS')!).keys as Record<string, string>[]
const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid as string
const judged = (reply: Reply) => ({ status: reply.status, body: reply.body, wwwAuthenticate: reply.headers['www-authenticate'] })
const ME = { status: 200, body: { id: 1, email: 'demo@example.com' }, wwwAuthenticate: undefined }
// What jwks.json publishes of a key: its public members, kid, alg, use; nothing rotate-key adds.
const published = (key: KeyObject) => ({ ...createPublicKey(key).export({ format: 'jwk' }), kid: jwkThumbprint(key), alg: 'EdDSA', use: 'sig' })

async function login(url: string): Promise<string> {
  const reply = await post(`${url}/auth/login`, { body: { email: 'demo@example.com', password } })
  expect(reply.status).toBe(200)
  return (reply.body as { token: string }).token
}
const me = async (url: string, token: string) => judged(await get(`${url}/api/me`, bearer(token)))
const jwks = async (url: string) => (await get(`${url}/.well-known/jwks.json`)).body

const keys: KeyObject[] = []
const tokens: string[] = []

describe('rotate-key on a running demo (an Ed25519 key in .env, expiresIn 10m)', () => {
  test('before: the login token carries the thumbprint of the key as kid', async () => {
    keys.push(signingKey())
    const url = await restart()
    tokens.push(await login(url))
    expect([kidOf(tokens[0]), await me(url, tokens[0])]).toStrictEqual([jwkThumbprint(keys[0]), ME])
  })

  test('rotate-key --save, restart: token A still verifies, a new login is signed with the new key, jwks.json lists both, no private member', async () => {
    const before = Date.now()
    const rotated = await runCli(['rotate-key', '--save'], { cwd })
    keys.push(signingKey())
    const [retired] = keySet()
    expect([retired.kid, Date.parse(retired.keepUntil) - Date.parse(retired.retiredAt) === 600_000, Date.parse(retired.retiredAt) >= before]).toStrictEqual([jwkThumbprint(keys[0]), true, true])
    expect(rotated).toStrictEqual({
      code: 0,
      stdout:
        `Wrote a new EdDSA key pair to .env (kid ${jwkThumbprint(keys[1])}).\n` +
        `The previous key (kid ${jwkThumbprint(keys[0])}) keeps verifying in settings.jwt.keys until ${retired.keepUntil} (settings.jwt.expiresIn from now); "jwt-hooks rotate-key --prune" takes it out after that.\n` +
        'Restart the servers: until then they sign and verify with the keys they started with.\n',
      stderr: '',
    })

    const url = await restart()
    expect(await me(url, tokens[0])).toStrictEqual(ME)
    tokens.push(await login(url))
    expect([kidOf(tokens[1]), await me(url, tokens[1])]).toStrictEqual([jwkThumbprint(keys[1]), ME])
    expect(await jwks(url)).toStrictEqual({ keys: [published(keys[1]), published(keys[0])] })
  })

  test('rotate-key twice: both older keys keep verifying, each until its own time', async () => {
    const first = keySet()[0]
    expect((await runCli(['rotate-key', '--save'], { cwd })).code).toBe(0)
    keys.push(signingKey())
    expect(keySet().map(({ kid, keepUntil }) => [kid, keepUntil === first.keepUntil])).toStrictEqual([[first.kid, true], [jwkThumbprint(keys[1]), false]])

    const url = await restart()
    tokens.push(await login(url))
    expect(kidOf(tokens[2])).toBe(jwkThumbprint(keys[2]))
    for (const token of tokens) expect(await me(url, token)).toStrictEqual(ME)
    expect(await jwks(url)).toStrictEqual({ keys: [published(keys[2]), published(keys[0]), published(keys[1])] })
  })

  test('once the first key’s time has passed, --prune takes it out: token A is 401 no key matches the token kid; the second key stays', async () => {
    // Time from data: the first key was retired 10 minutes and 1 second ago, as .env records it
    // (an appended line wins); the second key's time is left as rotate-key wrote it.
    const [first, second] = keySet()
    const shift = Date.parse(first.keepUntil) - Date.now() + 1000
    const moved = (at: string) => new Date(Date.parse(at) - shift).toISOString()
    const aged = { ...first, retiredAt: moved(first.retiredAt), keepUntil: moved(first.keepUntil) }
    appendFileSync(join(cwd, '.env'), `SETTINGS_JWT_KEYS='${JSON.stringify({ keys: [aged, second] })}'\n`)

    expect(await runCli(['rotate-key', '--prune', '--save'], { cwd })).toStrictEqual({
      code: 0,
      stdout:
        `Took out of settings.jwt.keys: kid ${first.kid} (kept until ${aged.keepUntil}, its tokens have expired).\n` +
        'Wrote settings.jwt.keys to .env.\n' +
        'Restart the servers: until then they sign and verify with the keys they started with.\n',
      stderr: '',
    })
    expect(keySet()).toStrictEqual([second])
    expect(signingKey().equals(keys[2])).toBe(true)

    const url = await restart()
    expect(await me(url, tokens[0])).toStrictEqual({
      status: 401,
      body: { code: 'invalid_token', description: 'no key matches the token kid' },
      wwwAuthenticate: 'error="invalid_token", error_description="no key matches the token kid"',
    })
    expect([await me(url, tokens[1]), await me(url, tokens[2])]).toStrictEqual([ME, ME])
    expect(await jwks(url)).toStrictEqual({ keys: [published(keys[2]), published(keys[1])] })
  })
})
