import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Context, Get, HttpResponseOK } from '@foal/core'

import { resetJwtConfig } from '../../src/config/jwt-config'
import { JWTRequired } from '../../src/foal/jwt-required.hook'
import { invalidToken, NO_COOKIE, ok, typed } from '../support/answers'
import { sendTyped as send } from '../support/http'
import { startFoal } from '../support/foal-app'
import { KEY_KINDS, NOW, tokenFor, type KeyKind } from '../support/keys'

// Four secrets, one per layer; the one that verifies tells which layer won.
const HS = KEY_KINDS[0]
const LAYERS = {
  env: 'secret-from-the-environment-variable-32b',
  dotenv: 'secret-from-the-dot-env-file-of-32-bytes',
  nodeEnvYaml: 'secret-from-config-test-yml-of-32-bytes',
  defaultJson: 'secret-from-config-default-json-32-bytes',
}
const ENV_NAME = 'SETTINGS_JWT_SECRET_OR_PUBLIC_KEY'

const home = process.cwd()
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-config-'))
  mkdirSync(join(dir, 'config'))
  writeFileSync(join(dir, 'config/default.json'), JSON.stringify({ settings: { jwt: { secretOrPublicKey: LAYERS.defaultJson } } }))
  writeFileSync(join(dir, 'config/test.yml'), `settings:\n  jwt:\n    secretOrPublicKey: ${LAYERS.nodeEnvYaml}\n`)
  writeFileSync(join(dir, '.env'), `# the demo secret\n${ENV_NAME}="${LAYERS.dotenv}"\n`)
  process.chdir(dir)
})

afterAll(() => {
  process.chdir(home)
  rmSync(dir, { recursive: true, force: true })
  delete process.env[ENV_NAME]
  delete process.env.SETTINGS_JWT_COOKIE_NAME
})

/** A fresh app whose hook reads the configuration as it is now. */
async function app(options = {}) {
  resetJwtConfig()
  class AppController {
    @Get('/me')
    @JWTRequired(options)
    me(ctx: Context) {
      return new HttpResponseOK({ user: ctx.user })
    }
  }
  return startFoal(AppController)
}

function signedWith(secret: string, kind: KeyKind = HS): string {
  return tokenFor(kind, { sub: 'u1' }, {}, secret)
}

/** What /me answers for a token of `signedWith` (or `tokenFor(kind, { sub: 'u1' })`) that verified. */
const LET_THROUGH = typed(ok({ sub: 'u1', iat: NOW - 10, exp: NOW + 3600 }))
const BAD_SIGNATURE = typed(invalidToken('invalid signature'))

async function winner(): Promise<string[]> {
  const server = await app()
  try {
    const verdicts = await Promise.all(
      Object.entries(LAYERS).map(async ([layer, secret]) => {
        const answer = await send(`${server.url}/me`, { authorization: `Bearer ${signedWith(secret)}` })
        // Each answer is one of the two, whole: the layer's token let through, or refused.
        expect([layer, answer]).toStrictEqual([layer, answer.status === 200 ? LET_THROUGH : BAD_SIGNATURE])
        return answer.status === 200 ? layer : undefined
      }),
    )
    return verdicts.filter((layer): layer is string => layer !== undefined)
  } finally {
    await server.close()
  }
}

describe('configuration precedence: env > .env > config/<NODE_ENV> > config/default', () => {
  test('the environment variable beats .env (which never overrides a real variable)', async () => {
    process.env[ENV_NAME] = LAYERS.env
    expect(await winner()).toStrictEqual(['env'])
  })

  test('.env beats config/test.yml', async () => {
    delete process.env[ENV_NAME]
    expect(await winner()).toStrictEqual(['dotenv'])
  })

  test('config/test.yml beats config/default.json', async () => {
    rmSync(join(dir, '.env'))
    expect(await winner()).toStrictEqual(['nodeEnvYaml'])
  })

  test('config/default.json is the last layer', async () => {
    rmSync(join(dir, 'config/test.yml'))
    expect(await winner()).toStrictEqual(['defaultJson'])
  })
})

describe('cookie name', () => {
  const token = signedWith(LAYERS.defaultJson)

  test('SETTINGS_JWT_COOKIE_NAME renames the auth cookie', async () => {
    process.env.SETTINGS_JWT_COOKIE_NAME = 'session'
    const server = await app({ cookie: true })
    try {
      expect(await send(`${server.url}/me`, { cookie: `session=${token}` })).toStrictEqual(LET_THROUGH)
      expect(await send(`${server.url}/me`, { cookie: `auth=${token}` })).toStrictEqual(typed(NO_COOKIE))
    } finally {
      await server.close()
      delete process.env.SETTINGS_JWT_COOKIE_NAME
    }
  })

  test('settings.jwt.cookieName in YAML renames it too', async () => {
    writeFileSync(join(dir, 'config/default.yml'), 'settings:\n  jwt:\n    cookieName: sid\n')
    const server = await app({ cookie: true })
    try {
      expect(await send(`${server.url}/me`, { cookie: `sid=${token}` })).toStrictEqual(LET_THROUGH)
      expect(await send(`${server.url}/me`, { cookie: `auth=${token}` })).toStrictEqual(typed(NO_COOKIE))
    } finally {
      await server.close()
      rmSync(join(dir, 'config/default.yml'))
    }
  })
})

describe('public keys from configuration', () => {
  test.each(KEY_KINDS.slice(1))('$name PEM as a YAML block scalar', async (kind) => {
    const pem = kind.verifyKey.trimEnd().split('\n').map((line) => `      ${line}`).join('\n')
    writeFileSync(join(dir, 'config/test.yml'), `settings:\n  jwt:\n    secretOrPublicKey: |\n${pem}\n`)
    const server = await app()
    try {
      const token = tokenFor(kind, { sub: 'u1' })
      expect(await send(`${server.url}/me`, { authorization: `Bearer ${token}` })).toStrictEqual(LET_THROUGH)
    } finally {
      await server.close()
      rmSync(join(dir, 'config/test.yml'))
    }
  })

  test('RS256 PEM on one line in .env with \\n escapes', async () => {
    const kind = KEY_KINDS[1]
    writeFileSync(join(dir, '.env'), `${ENV_NAME}="${kind.verifyKey.replace(/\n/g, '\\n')}"\n`)
    const server = await app()
    try {
      expect(await send(`${server.url}/me`, { authorization: `Bearer ${tokenFor(kind, { sub: 'u1' })}` })).toStrictEqual(LET_THROUGH)
      // The PEM was read whole: a token by another RSA key is refused on its signature.
      expect(await send(`${server.url}/me`, { authorization: `Bearer ${tokenFor(kind, { sub: 'u1' }, {}, kind.otherSigningKey)}` })).toStrictEqual(
        BAD_SIGNATURE,
      )
    } finally {
      await server.close()
      rmSync(join(dir, '.env'))
    }
  })
})

describe('row 1: no key anywhere', () => {
  test('500 with an empty body, and one log line naming the variable and the config key', async () => {
    rmSync(join(dir, 'config/default.json'))
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const server = await app()
    try {
      const token = signedWith(LAYERS.env)
      for (let i = 0; i < 3; i++) {
        expect(await send(`${server.url}/me`, { authorization: `Bearer ${token}` })).toStrictEqual(typed({ status: 500, body: '', wwwAuthenticate: null }))
      }
      expect(errors.mock.calls).toStrictEqual([
        [
          'jwt-hooks: no secret or public key: set SETTINGS_JWT_SECRET_OR_PUBLIC_KEY or "settings.jwt.secretOrPublicKey" in config/. Tokens are refused with 500.',
        ],
      ])
    } finally {
      errors.mockRestore()
      await server.close()
    }
  })
})
