import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { configuredKeys } from '../../src/config/configured-keys'
import { readJwtConfig } from '../../src/config/jwt-config'
import { loadConfig } from '../../src/config/load-config'
import { parseDotenv } from '../../src/config/parse-dotenv'
import { jwkThumbprint } from '../../src/core/keys/jwk-thumbprint'
import { createTokenSigner } from '../../src/tokens/create-token-signer'
import { runCli } from './support/run-cli'

let cwd: string
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'jwt-hooks-rotate-'))
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const USAGE = 'Usage: jwt-hooks rotate-key [--algorithm <alg>] [--prune] [--save]\n'
const RESTART = 'Restart the servers: until then they sign and verify with the keys they started with.\n'
const NOT_WRITTEN = 'Nothing was written: put these lines in .env (or these values where the configuration is), then restart the servers.\n'
const pemOf = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }) as string
// Written by hand as the README shows it, not by the code under test: one line, double quotes, \n.
const envLine = (name: string, pem: string) => `${name}="${pem.replace(/\n/g, '\\n')}"`
const readEnv = () => readFileSync(join(cwd, '.env'), 'utf8')
const settingsOf = (dir: string) => readJwtConfig(loadConfig({ cwd: dir, env: {} }))

function writePair(type: 'ed25519' | 'ec', extra = ''): { privateKey: KeyObject; kid: string; text: string } {
  const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'secp384r1' }) : generateKeyPairSync('ed25519')
  const text = `# mine\n${envLine('SETTINGS_JWT_PRIVATE_KEY', pemOf(privateKey, 'pkcs8'))}\n${envLine('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY', pemOf(publicKey, 'spki'))}\n${extra}`
  writeFileSync(join(cwd, '.env'), text)
  return { privateKey, kid: jwkThumbprint(privateKey), text }
}

test('--save appends the new pair and the key set to .env (0600, what was there kept); it reads back to exactly the generated PEMs', async () => {
  const old = writePair('ed25519', 'PORT=4000')
  const before = Date.now()
  const result = await runCli(['rotate-key', '--save'], { cwd })
  const after = Date.now()
  const text = readEnv()
  expect(text.startsWith(`${old.text}\n# jwt-hooks rotate-key `)).toBe(true)
  expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600)

  const values = parseDotenv(text)
  const written = values.get('SETTINGS_JWT_PRIVATE_KEY')!
  const key = createPrivateKey(written)
  // Byte for byte what node:crypto exports: PKCS#8 and SPKI PEM, line breaks and the last one included.
  expect(written).toBe(pemOf(key, 'pkcs8'))
  expect(written).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----\n$/)
  expect(values.get('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY')).toBe(pemOf(createPublicKey(key), 'spki'))
  expect(values.get('SETTINGS_JWT_ALGORITHM')).toBe('EdDSA')
  expect([key.asymmetricKeyType, jwkThumbprint(key) === old.kid]).toStrictEqual(['ed25519', false])

  const { keys } = JSON.parse(values.get('SETTINGS_JWT_KEYS')!) as { keys: Record<string, string>[] }
  const { x } = createPublicKey(old.privateKey).export({ format: 'jwk' })
  expect(keys).toStrictEqual([
    { crv: 'Ed25519', x, kty: 'OKP', kid: old.kid, alg: 'EdDSA', use: 'sig', retiredAt: expect.any(String), keepUntil: expect.any(String) },
  ])
  const retiredAt = Date.parse(keys[0].retiredAt)
  expect(retiredAt >= before && retiredAt <= after).toBe(true)
  // settings.jwt.expiresIn (1h by default): the longest a token the old key signed lives.
  expect(Date.parse(keys[0].keepUntil) - retiredAt).toBe(3_600_000)
  expect(result).toStrictEqual({
    code: 0,
    stdout:
      `Wrote a new EdDSA key pair to .env (kid ${jwkThumbprint(key)}).\n` +
      `The previous key (kid ${old.kid}) keeps verifying in settings.jwt.keys until ${keys[0].keepUntil} (settings.jwt.expiresIn from now); "jwt-hooks rotate-key --prune" takes it out after that.\n` +
      RESTART,
    stderr: '',
  })

  // The servers read it so: the new key signs (its thumbprint as kid), the old one still verifies.
  const settings = settingsOf(cwd)
  expect(createTokenSigner(settings).kid).toBe(jwkThumbprint(key))
  expect(configuredKeys(settings, cwd)!.keys.map(({ kid }) => kid)).toStrictEqual([old.kid, jwkThumbprint(key)])
})

test('without --save it prints the lines (.env syntax) and writes nothing', async () => {
  const old = writePair('ed25519')
  const result = await runCli(['rotate-key'], { cwd })
  expect([result.code, result.stderr]).toStrictEqual([0, NOT_WRITTEN])
  expect(readdirSync(cwd)).toStrictEqual(['.env'])
  expect(readEnv()).toBe(old.text)
  const lines = result.stdout.split('\n')
  expect(lines.map((line) => line.split('=')[0].split(' ')[0])).toStrictEqual([
    '#', 'SETTINGS_JWT_PRIVATE_KEY', 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY', 'SETTINGS_JWT_ALGORITHM', 'SETTINGS_JWT_KEYS', '',
  ])
  const printed = parseDotenv(result.stdout)
  const key = createPrivateKey(printed.get('SETTINGS_JWT_PRIVATE_KEY')!)
  expect(printed.get('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY')).toBe(pemOf(createPublicKey(key), 'spki'))
  expect(lines[0]).toMatch(new RegExp(`^# jwt-hooks rotate-key \\S+Z: new EdDSA key ${jwkThumbprint(key)}; retired ${old.kid} \\(kept until \\S+Z\\)$`))
})

test.each([['HS256'], ['eddsa'], ['none']])('--algorithm %s: exit 2, the algorithms it takes named, nothing written', async (alg) => {
  expect(await runCli(['rotate-key', '--algorithm', alg, '--save'], { cwd })).toStrictEqual({
    code: 2,
    stdout: '',
    stderr: `jwt-hooks: --algorithm ${alg} is not one that signs with a key pair: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA\n${USAGE}`,
  })
  expect(readdirSync(cwd)).toStrictEqual([])
})

test('--prune with --algorithm, --algorithm with no value: exit 2', async () => {
  expect(await runCli(['rotate-key', '--prune', '--algorithm', 'ES256'], { cwd })).toStrictEqual({
    code: 2, stdout: '', stderr: `jwt-hooks: --prune makes no new key: leave out --algorithm\n${USAGE}`,
  })
  expect(await runCli(['rotate-key', '--algorithm'], { cwd })).toStrictEqual({ code: 2, stdout: '', stderr: `jwt-hooks: --algorithm needs a value\n${USAGE}` })
})

test.each([
  { alg: 'RS256', type: 'rsa' },
  { alg: 'PS384', type: 'rsa' },
  { alg: 'ES512', type: 'ec' },
  { alg: 'EdDSA', type: 'ed25519' },
])('--algorithm $alg with no key yet: a $type pair the servers sign $alg with; no key set', async ({ alg, type }) => {
  const result = await runCli(['rotate-key', '--algorithm', alg, '--save'], { cwd })
  const values = parseDotenv(readEnv())
  const key = createPrivateKey(values.get('SETTINGS_JWT_PRIVATE_KEY')!)
  expect(result).toStrictEqual({ code: 0, stdout: `Wrote a new ${alg} key pair to .env (kid ${jwkThumbprint(key)}).\n${RESTART}`, stderr: '' })
  expect([key.asymmetricKeyType, values.has('SETTINGS_JWT_KEYS')]).toStrictEqual([type, false])
  const signer = createTokenSigner(settingsOf(cwd))
  expect([signer.algorithm, signer.kid]).toStrictEqual([alg, jwkThumbprint(key)])
}, 60_000) // a new RSA pair: seconds on a busy machine

test('the default algorithm is the current key’s (ES384 here)', async () => {
  const old = writePair('ec')
  expect((await runCli(['rotate-key', '--save'], { cwd })).code).toBe(0)
  const signer = createTokenSigner(settingsOf(cwd))
  expect(signer.algorithm).toBe('ES384')
  expect(configuredKeys(settingsOf(cwd), cwd)!.keys.map(({ kid, alg }) => [kid, alg])).toStrictEqual([[old.kid, 'ES384'], [signer.kid, undefined]])
})

test('a shared secret: exit 1, why and what to do, nothing written', async () => {
  writeFileSync(join(cwd, '.env'), 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=a-test-secret-of-at-least-thirty-two-bytes!\n')
  for (const args of [['rotate-key', '--save'], ['rotate-key']]) {
    expect(await runCli(args, { cwd })).toStrictEqual({
      code: 1,
      stdout: '',
      stderr:
        'jwt-hooks: the current key is a shared secret ("settings.jwt.secretOrPublicKey" from .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY)): its tokens carry no kid, ' +
        'and a key set verifies a token without kid only when it holds that one key, so no set keeps them verifying beside a new key pair. Nothing was written. ' +
        'To move to a key pair, set it up by hand (README, "Rotating the signing key") when the tokens of the secret may be refused: sign-ins and refreshes after the switch get tokens of the new key\n',
    })
  }
  expect(readEnv()).toBe('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=a-test-secret-of-at-least-thirty-two-bytes!\n')
})

test('a public key alone, or a remote key set: exit 1, nothing written', async () => {
  const { publicKey } = generateKeyPairSync('ed25519')
  writeFileSync(join(cwd, '.env'), `${envLine('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY', pemOf(publicKey, 'spki'))}\n`)
  expect(await runCli(['rotate-key', '--save'], { cwd })).toStrictEqual({
    code: 1,
    stdout: '',
    stderr:
      'jwt-hooks: "settings.jwt.secretOrPublicKey" from .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY) is a public key and "settings.jwt.privateKey" is not set: ' +
      'this configuration verifies tokens signed elsewhere. Nothing was written; rotate the key where they are signed\n',
  })
  const env = { SETTINGS_JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json' }
  expect(await runCli(['rotate-key', '--save'], { cwd, env })).toStrictEqual({
    code: 1,
    stdout: '',
    stderr:
      'jwt-hooks: "settings.jwt.jwksUrl" is set (environment variable SETTINGS_JWT_JWKS_URL): the doors verify that remote key set, which a "settings.jwt.keys" written here would replace. ' +
      'Nothing was written; rotate the key where that set is published\n',
  })
  expect(readEnv()).toBe(`${envLine('SETTINGS_JWT_SECRET_OR_PUBLIC_KEY', pemOf(publicKey, 'spki'))}\n`)
})

test('the key in the environment (.env would not win): --save refuses, exit 1; without --save the lines are printed', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const env = { SETTINGS_JWT_PRIVATE_KEY: pemOf(privateKey, 'pkcs8'), SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: pemOf(publicKey, 'spki') }
  expect(await runCli(['rotate-key', '--save'], { cwd, env })).toStrictEqual({
    code: 1,
    stdout: '',
    stderr:
      'jwt-hooks: SETTINGS_JWT_PRIVATE_KEY, SETTINGS_JWT_SECRET_OR_PUBLIC_KEY are set in the environment, which .env does not override. ' +
      'Nothing was written; run "jwt-hooks rotate-key" without --save and set the values it prints there\n',
  })
  expect(readdirSync(cwd)).toStrictEqual([])
  const printed = await runCli(['rotate-key'], { cwd, env })
  expect([printed.code, printed.stderr, readdirSync(cwd)]).toStrictEqual([0, NOT_WRITTEN, []])
  expect(JSON.parse(parseDotenv(printed.stdout).get('SETTINGS_JWT_KEYS')!).keys[0].kid).toBe(jwkThumbprint(privateKey))
})

test('the key in config/default.yml: --save says .env now wins over it, and leaves the file as it is', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const indent = (pem: string) => pem.trimEnd().split('\n').map((line) => `      ${line}`).join('\n')
  const yaml = `settings:\n  jwt:\n    expiresIn: 15m\n    privateKey: |\n${indent(pemOf(privateKey, 'pkcs8'))}\n    secretOrPublicKey: |\n${indent(pemOf(publicKey, 'spki'))}\n`
  mkdirSync(join(cwd, 'config'))
  writeFileSync(join(cwd, 'config/default.yml'), yaml)
  const result = await runCli(['rotate-key', '--save'], { cwd })
  const keepUntil = JSON.parse(parseDotenv(readEnv()).get('SETTINGS_JWT_KEYS')!).keys[0].keepUntil as string
  expect(result.stdout.split('\n').slice(1)).toStrictEqual([
    `The previous key (kid ${jwkThumbprint(privateKey)}) keeps verifying in settings.jwt.keys until ${keepUntil} (settings.jwt.expiresIn from now); "jwt-hooks rotate-key --prune" takes it out after that.`,
    '.env now wins over config/default.yml for settings.jwt.privateKey (left as it is).',
    '.env now wins over config/default.yml for settings.jwt.secretOrPublicKey (left as it is).',
    RESTART.trimEnd(),
    '',
  ])
  expect(readFileSync(join(cwd, 'config/default.yml'), 'utf8')).toBe(yaml)
  expect(configuredKeys(settingsOf(cwd), cwd)!.keys[0].kid).toBe(jwkThumbprint(privateKey))
})

test('--prune with nothing past its time: exit 0, nothing written', async () => {
  writePair('ed25519')
  expect(await runCli(['rotate-key', '--save'], { cwd })).toMatchObject({ code: 0, stderr: '' })
  const text = readEnv()
  expect(await runCli(['rotate-key', '--prune', '--save'], { cwd })).toStrictEqual({
    code: 0, stdout: 'Nothing to prune: no key of settings.jwt.keys is past its keepUntil. Nothing was written.\n', stderr: '',
  })
  expect(readEnv()).toBe(text)
})

test('a key set named by a path to a .json file: read from it, the new set written to .env, the file left as it is', async () => {
  const other = { ...(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as object), kid: 'partner' }
  const file = JSON.stringify({ keys: [other] })
  writeFileSync(join(cwd, 'keys.json'), file)
  const old = writePair('ed25519', 'SETTINGS_JWT_KEYS=keys.json\n')
  const result = await runCli(['rotate-key', '--save'], { cwd })
  expect([result.code, result.stdout.split('\n').slice(2)]).toStrictEqual([0, ['settings.jwt.keys is now the set itself, in .env; keys.json is left as it is.', RESTART.trimEnd(), '']])
  expect(readFileSync(join(cwd, 'keys.json'), 'utf8')).toBe(file)
  expect(configuredKeys(settingsOf(cwd), cwd)!.keys.map(({ kid }) => kid)).toStrictEqual(['partner', old.kid, createTokenSigner(settingsOf(cwd)).kid])
})

test('--prune needs no key pair: a set beside a shared secret is pruned; without --save the line is printed', async () => {
  const due = { ...(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as object), kid: 'due', keepUntil: '2001-01-01T00:00:00.000Z' }
  const text = `SETTINGS_JWT_SECRET_OR_PUBLIC_KEY=a-test-secret-of-at-least-thirty-two-bytes!\nSETTINGS_JWT_KEYS='${JSON.stringify({ keys: [due, { kty: 'oct', k: 'c2VjcmV0', kid: 'mine' }] })}'\n`
  writeFileSync(join(cwd, '.env'), text)
  const printed = await runCli(['rotate-key', '--prune'], { cwd })
  expect(printed).toStrictEqual({
    code: 0,
    stdout: expect.stringMatching(/^# jwt-hooks rotate-key \S+Z: took out due \(kept until 2001-01-01T00:00:00\.000Z\)\nSETTINGS_JWT_KEYS='\{"keys":\[\{"kty":"oct","k":"c2VjcmV0","kid":"mine"\}\]\}'\n$/),
    stderr: NOT_WRITTEN,
  })
  expect(readEnv()).toBe(text)
})
