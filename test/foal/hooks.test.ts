import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Context, Get, HttpResponseOK } from '@foal/core'
import { DataSource } from 'typeorm'

import { Group, isInFile, JWTOptional, JWTRequired, Permission, User, fetchUser } from '../../src'
import { invalidToken, NO_HEADER, ok, typed } from '../support/answers'
import { sendTyped as send } from '../support/http'
import { startFoal } from '../support/foal-app'
import { KEY_KINDS, NOW, tokenFor } from '../support/keys'

const HS = KEY_KINDS[0]
const key = { secretOrPublicKey: HS.verifyKey }
const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-foal-'))
const blackListFile = join(dir, 'blacklist.txt')
writeFileSync(blackListFile, '')
const blackList = isInFile(blackListFile)

// The package's own User entity on a real SQLite database (BaseEntity: fetchUser needs no DataSource);
// it has groups and permissions, so their entities come with it.
const database = new DataSource({ type: 'sqlite', database: ':memory:', entities: [User, Group, Permission], synchronize: true })

@JWTRequired({ ...key, user: fetchUser(User), blackList })
class ApiController {
  @Get('/me')
  me(ctx: Context<User>) {
    return new HttpResponseOK({ id: ctx.user.id, email: ctx.user.email })
  }
}

class AppController {
  subControllers = [ApiController]

  @Get('/open')
  open() {
    return new HttpResponseOK({ open: true })
  }

  @Get('/hello')
  @JWTOptional(key)
  hello(ctx: Context) {
    return new HttpResponseOK({ user: ctx.user ?? null })
  }

  @Get('/payload')
  @JWTRequired(key, { audience: 'api' })
  payload(ctx: Context) {
    return new HttpResponseOK({ user: ctx.user })
  }
}

let server: { url: string; close(): Promise<void> }
let userId: number

beforeAll(async () => {
  await database.initialize()
  const user = new User()
  user.email = 'ada@example.com'
  await user.setPassword('correct horse battery staple')
  await user.save()
  userId = user.id
  server = await startFoal(AppController)
})

afterAll(async () => {
  blackList.close()
  await server.close()
  await database.destroy()
})

describe('JWTRequired on a controller class', () => {
  test('protects every method of the class and loads the User entity', async () => {
    const token = tokenFor(HS, { sub: String(userId) })
    expect(await send(`${server.url}/me`, { authorization: `Bearer ${token}` })).toStrictEqual(
      typed({ status: 200, body: { id: userId, email: 'ada@example.com' }, wwwAuthenticate: null }),
    )
    expect(await send(`${server.url}/me`)).toStrictEqual(typed(NO_HEADER))
  })

  test('leaves routes outside the class alone', async () => {
    expect(await send(`${server.url}/open`)).toStrictEqual(typed({ status: 200, body: { open: true }, wwwAuthenticate: null }))
  })

  test('isInFile picks up a line appended while the server runs', async () => {
    const token = tokenFor(HS, { sub: String(userId), jti: 'to-revoke' })
    const url = `${server.url}/me`
    const loaded = typed({ status: 200, body: { id: userId, email: 'ada@example.com' }, wwwAuthenticate: null })
    expect(await send(url, { authorization: `Bearer ${token}` })).toStrictEqual(loaded)
    appendFileSync(blackListFile, `${token}\n`)
    // The file watch is asynchronous: poll, with a deadline.
    const deadline = Date.now() + 5000
    let answer = await send(url, { authorization: `Bearer ${token}` })
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      answer = await send(url, { authorization: `Bearer ${token}` })
    }
    expect(answer).toStrictEqual(typed(invalidToken('jwt revoked')))
  })
})

describe('hooks on single methods', () => {
  test('JWTOptional with no token: no user', async () => {
    expect(await send(`${server.url}/hello`)).toStrictEqual(typed(ok(null)))
  })

  test('JWTOptional with a valid token: ctx.user is the payload', async () => {
    const token = tokenFor(HS, { sub: 'u7' })
    const answer = await send(`${server.url}/hello`, { authorization: `Bearer ${token}` })
    expect(answer).toStrictEqual(typed(ok({ sub: 'u7', iat: NOW - 10, exp: NOW + 3600 })))
  })

  test('JWTOptional judges a bad token like JWTRequired', async () => {
    expect(await send(`${server.url}/hello`, { authorization: 'Bearer nope' })).toStrictEqual(typed(invalidToken('jwt malformed')))
  })

  test('verifyOptions reach jsonwebtoken', async () => {
    const good = tokenFor(HS, { aud: 'api' })
    expect(await send(`${server.url}/payload`, { authorization: `Bearer ${good}` })).toStrictEqual(
      typed(ok({ aud: 'api', iat: NOW - 10, exp: NOW + 3600 })),
    )
    const bad = tokenFor(HS, { aud: 'web' })
    expect(await send(`${server.url}/payload`, { authorization: `Bearer ${bad}` })).toStrictEqual(
      typed(invalidToken('jwt audience invalid. expected: api')),
    )
  })
})

describe('options are checked when the hook is made', () => {
  test.each([
    [{ blackList: 'blacklist.txt' }, 'jwt-hooks: "blackList" must be a function'],
    [{ user: {} }, 'jwt-hooks: "user" must be a function'],
    [{ cookie: 'yes' }, 'jwt-hooks: "cookie" must be a boolean'],
    [{ timeout: -1 }, 'jwt-hooks: "timeout" must be a number of milliseconds > 0'],
    [{ cache: { max: 1.5 } }, 'jwt-hooks: "cache.max" must be a whole number >= 0'],
  ])('%j', (options, message) => {
    expect(() => JWTRequired(options as any)).toThrow(new TypeError(message))
  })
})
