import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Config, Context, Get, HttpResponseOK } from '@foal/core'

import { resetJwtConfig } from '../../src/config/jwt-config'
import { JWTRequired } from '../../src/foal/jwt-required.hook'
import { send } from '../support/http'
import { startFoal } from '../support/foal-app'
import { KEY_KINDS, tokenFor } from '../support/keys'

// The README's YAML example: a PEM public key as a block scalar, and a cookie name.
const ES = KEY_KINDS[2]
const pem = ES.verifyKey.trimEnd().split('\n').map((line) => `      ${line}`).join('\n')
const YAML = `settings:\n  jwt:\n    cookieName: session\n    secretOrPublicKey: |\n${pem}\n`

const home = process.cwd()
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-foal-yaml-'))
  mkdirSync(join(dir, 'config'))
  writeFileSync(join(dir, 'config/default.yml'), YAML)
  process.chdir(dir)
  resetJwtConfig()
  Config.clearCache()
})

afterAll(() => {
  process.chdir(home)
  rmSync(dir, { recursive: true, force: true })
  Config.clearCache()
})

describe('a FoalTS app configured by config/default.yml as the README shows: no "yamljs is not installed" warning', () => {
  test('FoalTS reads the file itself (yamljs comes with jwt-hooks), and the hook verifies with its key', async () => {
    const said: unknown[][] = []
    const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void said.push([level, ...args])),
    )
    class AppController {
      @Get('/me')
      @JWTRequired({ cookie: true })
      me(ctx: Context) {
        return new HttpResponseOK({ sub: (ctx.user as { sub: string }).sub })
      }
    }
    try {
      const server = await startFoal(AppController)
      try {
        const answer = await send(`${server.url}/me`, { cookie: `session=${tokenFor(ES, { sub: 'u1' })}` })
        expect({
          answer,
          foalReads: Config.get('settings.jwt.cookieName'),
          said,
        }).toStrictEqual({
          answer: { status: 200, body: { sub: 'u1' }, wwwAuthenticate: null },
          foalReads: 'session',
          said: [],
        })
      } finally {
        await server.close()
      }
    } finally {
      for (const spy of spies) spy.mockRestore()
    }
  })
})
