import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { Config } from '@foal/core'
import { decode } from 'jsonwebtoken'

import { ConfigError } from '../../src/config/config-error'
import { resetJwtConfig } from '../../src/config/jwt-config'
import type { VerifyOptions } from '../../src/core/types'
import { DOORS } from '../conformance/doors'
import type { Door, RouteSpec } from '../conformance/routes'
import { send } from '../support/http'
import { KEY_KINDS, tokenFor } from '../support/keys'
import { ok } from '../support/answers'

// A bad configuration fails when the door is created (the app starts), with the exact error
// type and a message naming the key and the file; never on the first request, never quoting it.

const [HS, RS, ES] = KEY_KINDS
const KEY = '"settings.jwt.secretOrPublicKey"'
const ED25519 = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()
const ED448 = generateKeyPairSync('ed448').publicKey.export({ type: 'spki', format: 'pem' }).toString()
const BROKEN_PEM = '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0\n-----END PUBLIC KEY-----\n'
const CUT_PEM = RS.verifyKey.slice(0, RS.verifyKey.length >> 1) + '\n-----END PUBLIC KEY-----\n'
const NO_END_PEM = RS.verifyKey.replace('-----END PUBLIC KEY-----', '')

const yaml = (value: string) => `settings:\n  jwt:\n    secretOrPublicKey: |\n${value.trimEnd().split('\n').map((line) => `      ${line}`).join('\n')}\n`
const dotenv = (value: string) => `# keys\nSETTINGS_JWT_SECRET_OR_PUBLIC_KEY="${value.replace(/\n/g, '\\n')}"\n`
const json = (value: unknown) => JSON.stringify({ settings: { jwt: { secretOrPublicKey: value } } })

/** What node:crypto says about a PEM, worked out here rather than taken from the code under test. */
function pemError(pem: string): string {
  try {
    createPublicKey(pem)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('this PEM is readable')
}

interface Outcome {
  type: string
  message: string
  fields?: { key: string | undefined; file: string; reason: string }
}
const typeError = (message: string): Outcome => ({ type: 'TypeError', message })
const configError = (key: string | undefined, file: string, reason: string): Outcome => ({
  type: 'ConfigError',
  message: `jwt-hooks: ${key === undefined ? '' : `"${key}" in `}${file}: ${reason}`,
  fields: { key, file, reason },
})

interface Case {
  title: string
  files: Record<string, string>
  verifyOptions?: VerifyOptions
  options?: RouteSpec['options']
  expected: Outcome
  /**
   * FoalTS reads config/*.json and config/*.yml (with yamljs, which comes with jwt-hooks) itself
   * as the app starts, before this door builds its hooks: a file Foal cannot parse stops it first.
   */
  foal?: Outcome
}

/** What V8's JSON.parse says, as FoalTS hands it on: it quotes the text around the error. */
function jsonError(text: string): Outcome {
  try {
    JSON.parse(text)
  } catch (error) {
    return { type: 'SyntaxError', message: (error as Error).message }
  }
  throw new Error('this JSON is valid')
}
/** What yamljs says, as FoalTS hands it on. */
function yamljsError(text: string): Outcome {
  const yamljs = require('yamljs') as { parse(text: string): unknown }
  try {
    yamljs.parse(text)
  } catch (error) {
    return { type: (error as Error).name, message: (error as Error).message }
  }
  throw new Error('yamljs reads this YAML')
}
const TABS = 'settings:\n\tjwt:\n\t\tsecretOrPublicKey: x\n'
const UNCLOSED = 'settings:\n  jwt:\n    secretOrPublicKey: "unclosed\n'
const ALIAS = 'settings:\n  jwt:\n    secretOrPublicKey: *Zq9v-secret-value-of-32-bytes-long\n'
const UNQUOTED = '{"settings":{"jwt":{"secretOrPublicKey": Zq9vUnquotedSecretValue}}}'
const TRAILING_COMMA = '{"settings":{"jwt":{"cookieName":"auth",}}}'

const CASES: Case[] = [
  // Malformed PEM
  { title: 'malformed PEM in config/default.yml', files: { 'config/default.yml': yaml(BROKEN_PEM) }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: not a readable PEM key (${pemError(BROKEN_PEM)})`) },
  { title: 'PEM cut in half in config/default.yml', files: { 'config/default.yml': yaml(CUT_PEM) }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: not a readable PEM key (${pemError(CUT_PEM)})`) },
  { title: 'PEM with no END line in config/test.json', files: { 'config/test.json': json(NO_END_PEM) }, expected: typeError(`jwt-hooks: ${KEY} from config/test.json: not a readable PEM key (${pemError(NO_END_PEM)})`) },
  { title: 'malformed PEM in .env', files: { '.env': dotenv(BROKEN_PEM) }, expected: typeError(`jwt-hooks: ${KEY} from .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY): not a readable PEM key (${pemError(BROKEN_PEM)})`) },
  { title: 'malformed PEM in the option', files: {}, options: { secretOrPublicKey: BROKEN_PEM }, expected: typeError(`jwt-hooks: option "secretOrPublicKey": not a readable PEM key (${pemError(BROKEN_PEM)})`) },
  // YAML syntax
  { title: 'YAML: a value that reads as a nested mapping', files: { 'config/default.yml': 'settings:\n  jwt:\n    secretOrPublicKey: s3cr3t: with: colons\n' }, expected: configError(undefined, 'config/default.yml', 'invalid YAML: Nested mappings are not allowed in compact mappings at line 3, column 24') },
  { title: 'YAML: tab indentation', files: { 'config/default.yml': TABS }, expected: configError(undefined, 'config/default.yml', 'invalid YAML: Tabs are not allowed as indentation at line 2, column 1'), foal: yamljsError(TABS) },
  { title: 'YAML: unclosed quote', files: { 'config/default.yml': UNCLOSED }, expected: configError(undefined, 'config/default.yml', 'invalid YAML: Missing closing "quote at line 4, column 1'), foal: yamljsError(UNCLOSED) },
  { title: 'YAML: duplicate key', files: { 'config/default.yml': 'settings:\n  jwt:\n    cookieName: a\n    cookieName: b\n' }, expected: configError(undefined, 'config/default.yml', 'invalid YAML: Map keys must be unique at line 4, column 5') },
  { title: 'YAML: a secret starting with * reads as an alias', files: { 'config/default.yml': ALIAS }, expected: configError(undefined, 'config/default.yml', 'invalid YAML: Unresolved alias (the anchor must be set before the alias)'), foal: yamljsError(ALIAS) },
  { title: 'YAML: a secret starting with ! reads as a tag', files: { 'config/default.yml': 'settings:\n  jwt:\n    secretOrPublicKey: !Zq9v secret-value-of-32-bytes-long\n' }, expected: configError(undefined, 'config/default.yml', 'invalid YAML: Unresolved tag at line 3, column 24') },
  { title: 'YAML: a list at the top level', files: { 'config/test.yml': '- settings\n- jwt\n' }, expected: configError(undefined, 'config/test.yml', 'the top level must be a mapping of keys') },
  // JSON and .env syntax
  { title: 'JSON: a secret left unquoted', files: { 'config/default.json': UNQUOTED }, expected: configError(undefined, 'config/default.json', 'invalid JSON: Unexpected token'), foal: jsonError(UNQUOTED) },
  { title: 'JSON: a trailing comma', files: { 'config/default.json': TRAILING_COMMA }, expected: configError(undefined, 'config/default.json', 'invalid JSON: Expected double-quoted property name at line 1, column 41'), foal: jsonError(TRAILING_COMMA) },
  { title: '.env: a line that is not KEY=value', files: { '.env': 'SETTINGS_JWT_COOKIE_NAME=auth\nthis is not a pair\n' }, expected: configError(undefined, '.env', 'line 2 is not KEY=value') },
  // Values of the wrong type
  { title: 'a key that is a number', files: { 'config/default.yml': 'settings:\n  jwt:\n    secretOrPublicKey: 12345\n' }, expected: configError('settings.jwt.secretOrPublicKey', 'config/default.yml', 'must be a string') },
  { title: 'cookie that is not a boolean', files: { 'config/default.yml': `${yaml(HS.verifyKey)}    cookie: maybe\n` }, expected: configError('settings.jwt.cookie', 'config/default.yml', 'must be true or false') },
  // A key whose type does not fit `algorithms`
  { title: 'an EC key with RS256 allowed', files: { 'config/default.yml': yaml(ES.verifyKey) }, verifyOptions: { algorithms: ['RS256'] }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: an EC key on curve prime256v1 cannot verify RS256 (see "algorithms")`) },
  { title: 'alg confusion by configuration: an RSA key with HS256 allowed', files: { 'config/default.yml': yaml(RS.verifyKey) }, verifyOptions: { algorithms: ['RS256', 'HS256'] }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: an RSA key cannot verify HS256 (see "algorithms")`) },
  { title: 'a secret with RS256 allowed', files: { '.env': dotenv(HS.verifyKey) }, verifyOptions: { algorithms: ['RS256'] }, expected: typeError(`jwt-hooks: ${KEY} from .env (SETTINGS_JWT_SECRET_OR_PUBLIC_KEY): a secret cannot verify RS256 (see "algorithms")`) },
  { title: 'a P-256 key with ES384 allowed', files: { 'config/default.yml': yaml(ES.verifyKey) }, verifyOptions: { algorithms: ['ES256', 'ES384'] }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: an EC key on curve prime256v1 cannot verify ES384 (see "algorithms")`) },
  { title: 'an Ed448 key (EdDSA here is Ed25519 only)', files: { 'config/default.yml': yaml(ED448) }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: an Ed448 key is not supported`) },
  { title: 'an Ed25519 key with RS256 allowed', files: { 'config/default.yml': yaml(ED25519) }, verifyOptions: { algorithms: ['RS256'] }, expected: typeError(`jwt-hooks: ${KEY} from config/default.yml: an Ed25519 key cannot verify RS256 (see "algorithms")`) },
]

const home = process.cwd()
afterEach(() => {
  process.chdir(home)
  resetJwtConfig()
  Config.clearCache()
  jest.restoreAllMocks()
})

/** Makes a fresh directory holding `files` the working directory, with nothing cached. */
function inProject(files: Record<string, string>): void {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-bad-config-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  process.chdir(dir)
  resetJwtConfig()
  Config.clearCache()
}

/** How starting the door ended: the error it threw, or `started`. */
async function startup(door: Door, route: Partial<RouteSpec>): Promise<Outcome | 'started'> {
  try {
    const server = await door.start([{ path: '/me', mode: 'required', options: {}, ...route }])
    await server.close()
    return 'started'
  } catch (error) {
    const { name, message } = error as Error
    if (!(error instanceof ConfigError)) return { type: name, message }
    return { type: name, message, fields: { key: error.key, file: error.file, reason: error.reason } }
  }
}

describe.each(DOORS)('bad configuration fails at startup, door $name', (door) => {
  test.each(CASES)('$title', async ({ files, options = {}, verifyOptions, expected, foal }) => {
    inProject(files)
    expect(await startup(door, { options, verifyOptions })).toStrictEqual(door.name === 'foal' ? (foal ?? expected) : expected)
  })

  test('a secret shorter than 32 bytes: a warning naming the file, not the secret; tokens still verify', async () => {
    const secret = 'only-20-bytes-secret'
    inProject({ 'config/default.yml': `settings:\n  jwt:\n    secretOrPublicKey: ${secret}\n` })
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const server = await door.start([{ path: '/me', mode: 'required', options: {} }])
    try {
      const token = tokenFor(HS, { sub: '1' }, {}, secret)
      expect({ answer: await send(`${server.url}/me`, { authorization: `Bearer ${token}` }), warned: warn.mock.calls }).toStrictEqual({
        answer: ok(decode(token)),
        warned: [[`jwt-hooks: ${KEY} from config/default.yml: the secret is 20 bytes; HS256 wants at least 32 (RFC 7518 §3.2)`]],
      })
    } finally {
      await server.close()
    }
  })
})
