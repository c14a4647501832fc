import { createSecretKey, generateKeyPairSync } from 'node:crypto'

import { decode, verify } from 'jsonwebtoken'

import { createCsrfToken } from './create-csrf-token'
import { createCsrfSettings } from './csrf-settings'
import { verifyCsrfToken } from './verify-csrf-token'

const NOW = Date.UTC(2030, 0, 1)
const EXP = NOW / 1000 + 3600
const SECRET = 'the shared secret'
const csrf = createCsrfSettings({ secret: SECRET, clock: () => NOW })

describe('createCsrfToken / verifyCsrfToken', () => {
  test('a token carries sub, sid, exp and a nonce, and verifies with the same settings', () => {
    const token = createCsrfToken({ sub: '1', sid: 's1', exp: EXP }, csrf)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    expect(verifyCsrfToken(token, csrf)).toStrictEqual({ sub: '1', sid: 's1', exp: EXP, n: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) })
  })

  test('no two tokens are alike, for the same session', () => {
    expect(createCsrfToken({ sub: '1', exp: EXP }, csrf)).not.toBe(createCsrfToken({ sub: '1', exp: EXP }, csrf))
  })

  test('a CSRF token is never an access token: jsonwebtoken refuses it as malformed, under the very secret', () => {
    const token = createCsrfToken({ sub: '1', exp: EXP }, csrf)
    expect(decode(token)).toBeNull()
    expect(() => verify(token, SECRET)).toThrow('jwt malformed')
  })

  test('the HMAC key is derived from the secret, not the secret itself', () => {
    const token = createCsrfToken({ sub: '1', exp: EXP }, csrf)
    const [body, mac] = token.split('.')
    const { createHmac } = require('node:crypto') as typeof import('node:crypto')
    expect(createHmac('sha256', SECRET).update(body).digest('base64url')).not.toBe(mac)
  })

  test('the same secret as a string, a Buffer or a secret KeyObject signs alike', () => {
    const token = createCsrfToken({ sub: '1', exp: EXP }, csrf)
    for (const secret of [Buffer.from(SECRET), createSecretKey(Buffer.from(SECRET))]) {
      expect(verifyCsrfToken(token, createCsrfSettings({ secret, clock: () => NOW }))).toStrictEqual(verifyCsrfToken(token, csrf))
    }
  })

  test('a private key (PEM or KeyObject) is a secret; a public one is refused', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    const token = createCsrfToken({ sub: '1', exp: EXP }, createCsrfSettings({ secret: privateKey, clock: () => NOW }))
    expect(verifyCsrfToken(token, createCsrfSettings({ secret: pem, clock: () => NOW }))?.sub).toBe('1')
    const refused = 'jwt-hooks: "csrf.secret" is a public key, which anyone may hold: give a secret or a private key'
    expect(() => createCsrfSettings({ secret: publicKey })).toThrow(new TypeError(refused))
    expect(() => createCsrfSettings({ secret: publicKey.export({ format: 'pem', type: 'spki' }) as string })).toThrow(new TypeError(refused))
  })

  test('tampered, truncated, oversized or foreign strings do not verify', () => {
    const token = createCsrfToken({ sub: '1', exp: EXP }, csrf)
    const [body, mac] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ sub: '2', exp: EXP, n: 'x' })).toString('base64url')
    for (const bad of [`${forged}.${mac}`, body, `${body}.`, `.${mac}`, `${body}.${mac}.x`, `${body}.${mac.slice(1)}`, `${body}=.${mac}`, 'a'.repeat(2000), undefined, 42]) {
      expect(verifyCsrfToken(bad, csrf)).toBeUndefined()
    }
  })

  test('a signed body that is not an object of the right claims does not verify', () => {
    for (const claims of ['[]', 'null', '"x"', '{"exp":1e12}', '{"sub":1,"exp":1e12}', '{"sub":"1","exp":"1e12"}', '{"sub":"1","sid":2,"exp":1e12}', '{']) {
      const body = Buffer.from(claims).toString('base64url')
      expect(verifyCsrfToken(`${body}.${csrf.mac(body).toString('base64url')}`, csrf)).toBeUndefined()
    }
  })

  test('bad input throws a TypeError naming what is wrong', () => {
    expect(() => createCsrfToken({ sub: '', exp: EXP }, csrf)).toThrow(new TypeError('jwt-hooks: a CSRF token needs the session\'s "sub" (a string)'))
    expect(() => createCsrfToken({ sub: '1', exp: 1.5 }, csrf)).toThrow(new TypeError('jwt-hooks: "exp" must be a whole number of seconds since the epoch'))
    expect(() => createCsrfSettings({ secret: '' })).toThrow(new TypeError('jwt-hooks: "csrf.secret" is empty'))
    expect(() => createCsrfSettings({ secret: 5 as never })).toThrow(new TypeError('jwt-hooks: "csrf.secret" must be a string, a Buffer or a KeyObject'))
    expect(() => createCsrfSettings({ secret: 's', cookieName: 'a b' })).toThrow(TypeError)
  })

  test('the settings never show the key', () => {
    expect(JSON.stringify(csrf)).toBe('{"cookieName":"XSRF-TOKEN"}')
    expect(require('node:util').inspect(csrf)).not.toContain(SECRET)
  })
})
