import * as foal from '@foal/core'
import { decode, verify } from 'jsonwebtoken'

import { SECRET } from '../support/keys'
import { ANN, BOB, useLoginServer } from './support/login-server'
import { bearer, get, post, type PostOptions } from './support/request'

const server = useLoginServer()

const login = (body: unknown, options: Omit<PostOptions, 'body'> = {}) => post(`${server.url}/auth/login`, { body, ...options })

/** What a login answer is judged on: status, body and the headers that matter. */
async function answer(body: unknown, options: Omit<PostOptions, 'body'> = {}) {
  const reply = await login(body, options)
  return {
    status: reply.status,
    body: reply.body,
    cacheControl: reply.headers['cache-control'],
    setCookie: reply.headers['set-cookie'],
    wwwAuthenticate: reply.headers['www-authenticate'],
  }
}

async function tokenOf(credentials: { email: string; password: string }): Promise<string> {
  const reply = await login(credentials)
  expect(reply.status).toBe(200)
  return (reply.body as { token: string }).token
}

describe('POST /auth/login', () => {
  test('success: 200 TOKENS { accessToken, refreshToken, expiresAt, token } (token kept for earlier clients), marked no-store, no cookie by default', async () => {
    const reply = await answer(ANN)
    const { token } = reply.body as { token: string }
    const { exp } = decode(token) as { exp: number }
    expect(reply).toStrictEqual({
      status: 200,
      body: { accessToken: token, refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: new Date(exp * 1000).toISOString(), token },
      cacheControl: 'no-store',
      setCookie: undefined,
      wwwAuthenticate: undefined,
    })
  })

  test('the token: HS256 with the configured secret, sub = user id as a string, sid (128 bits, base64url), email, exp - iat = expiresIn, a jti', async () => {
    const token = await tokenOf(BOB)
    const { header, payload } = verify(token, SECRET, { algorithms: ['HS256'], complete: true }) as unknown as {
      header: Record<string, unknown>
      payload: { iat: number }
    }
    expect(header).toStrictEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload).toStrictEqual({
      sub: '2',
      sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      email: BOB.email,
      iat: payload.iat,
      exp: payload.iat + 3600,
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    })
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(10)
  })

  test('JWTRequired accepts the token: GET /api/me answers the user without its password hash', async () => {
    const me = await get(`${server.url}/api/me`, bearer(await tokenOf(ANN)))
    expect({ status: me.status, body: me.body }).toStrictEqual({ status: 200, body: { id: 1, email: ANN.email } })
  })

  test('JWTOptional: GET /api/hello greets the token’s email, or a guest', async () => {
    const user = await get(`${server.url}/api/hello`, bearer(await tokenOf(ANN)))
    const guest = await get(`${server.url}/api/hello`)
    expect([user.status, user.body, guest.status, guest.body]).toStrictEqual([
      200,
      { message: 'Hello, ann@example.com!' },
      200,
      { message: 'Hello, guest!' },
    ])
  })

  test('two logins in the same second get two different tokens (a unique jti), so revoking one spares the other', async () => {
    const [a, b] = await Promise.all([tokenOf(ANN), tokenOf(ANN)])
    const [claimsA, claimsB] = [decode(a), decode(b)] as { iat: number; jti: string }[]
    expect([a === b, claimsA.jti === claimsB.jti]).toStrictEqual([false, false])
  })

  test('the email is matched in any case (addresses are kept in lower case)', async () => {
    const token = await tokenOf({ email: 'Ann@Example.COM', password: ANN.password })
    expect(decode(token)).toMatchObject({ sub: '1', email: ANN.email })
  })
})

describe('wrong credentials', () => {
  const refused = {
    status: 401,
    body: { code: 'invalid_credentials', description: 'Incorrect email or password.' },
    cacheControl: undefined,
    setCookie: undefined,
    wwwAuthenticate: undefined,
  }

  test('wrong password: 401 invalid_credentials', async () => {
    expect(await answer({ email: ANN.email, password: 'not the password' })).toStrictEqual(refused)
  })

  test('unknown email: the very same 401 answer', async () => {
    expect(await answer({ email: 'nobody@example.com', password: 'not the password' })).toStrictEqual(refused)
  })

  test('another user’s password does not open this account', async () => {
    expect(await answer({ email: ANN.email, password: BOB.password })).toStrictEqual(refused)
  })

  // The same work for both, checked by what is done rather than by a clock (the time itself is a
  // bench figure): one PBKDF2 check each, against a hash of the same algorithm and iteration count.
  test('timing: an unknown email is checked against a dummy hash of the same cost as a real one', async () => {
    const check = jest.spyOn(foal, 'verifyPassword')
    try {
      for (const email of ['nobody@example.com', ANN.email]) {
        server.advance(16 * 60_000) // the rate limit stays out of it
        expect((await login({ email, password: 'not the password' })).status).toBe(401)
      }
      const [unknown, wrong] = check.mock.calls.map(([password, hash]) => ({ password, cost: hash.split('$').slice(0, 2) }))
      expect(check).toHaveBeenCalledTimes(2)
      expect(unknown).toStrictEqual({ password: 'not the password', cost: wrong.cost })
      expect(wrong.cost).toStrictEqual(['pbkdf2_sha256', expect.stringMatching(/^\d{5,}$/)])
    } finally {
      check.mockRestore()
    }
  })
})

