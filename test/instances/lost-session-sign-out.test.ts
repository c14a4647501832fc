import { randomBytes } from 'node:crypto'

import { Redis } from 'ioredis'
import { decode } from 'jsonwebtoken'

import { post } from '../login/support/request'
import { startRedis, type RedisServer } from '../support/services'
import { judged, login, me, refusedWithin, startInstances, type DemoInstances } from './support/demo-instances'

// Two demo instances on a Redis of this test's own, emptied by FLUSHALL (what a Redis restarted
// without persistence holds): the sessions are gone, yet a sign-out by access token still signs
// out on both, by a record of the sid that lives as long as the token can.

const PREFIX = `lost-${randomBytes(6).toString('hex')}:`
const MARGIN_MS = 60_000 // the Redis stores' default ttlMarginMs
const USER = { status: 200, body: { id: 1, email: 'demo@example.com' }, 'www-authenticate': null }
const REVOKED = { status: 401, body: { code: 'invalid_token', description: 'jwt revoked' }, 'www-authenticate': 'error="invalid_token", error_description="jwt revoked"' }
const NO_CONTENT = { status: 204, body: '' }
const INVALID_GRANT = { status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' } }

let redis: RedisServer
let client: Redis
let instances: DemoInstances
beforeAll(async () => {
  redis = await startRedis()
  client = new Redis(redis.url, { lazyConnect: true })
  await client.connect()
  instances = await startInstances(2, redis.url, { SETTINGS_JWT_REDIS_KEY_PREFIX: PREFIX })
}, 60_000)
afterAll(async () => {
  await instances?.stop()
  client?.disconnect()
  await redis?.stop()
})

describe('a sign-out of a session Redis lost (FLUSHALL) still signs out, on every instance', () => {
  test('logout on A with the old access token: 204; /api/me with it on A and B: 401 jwt revoked; the record expires with the token', async () => {
    const [a, b] = instances.urls
    const signedOut = await login(a, instances.password)
    const other = await login(b, instances.password)
    for (const url of [a, b]) expect(judged(await me(url, signedOut.accessToken), ['www-authenticate'])).toStrictEqual(USER)
    const { sid, exp } = decode(signedOut.accessToken) as { sid: string; exp: number }

    expect(await client.flushall()).toBe('OK')
    expect(await client.exists(`${PREFIX}sess:${sid}`)).toBe(0)

    const before = Date.now()
    const logout = await post(`${a}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${signedOut.accessToken}` } })
    const since = performance.now()
    expect(judged(logout)).toStrictEqual(NO_CONTENT)
    // B hears it by pub/sub (its poll would find it too, within 500 ms).
    expect(await refusedWithin(b, signedOut.accessToken, since, 1_000)).toEqual(expect.any(Number))
    for (const url of [a, b]) expect(judged(await me(url, signedOut.accessToken), ['www-authenticate'])).toStrictEqual(REVOKED)
    // Only that sid: another session's token, lost as well, is still accepted until it expires.
    for (const url of [a, b]) expect(judged(await me(url, other.accessToken), ['www-authenticate'])).toStrictEqual(USER)

    // The record lives until the token's exp, plus the stores' TTL margin, then Redis drops it.
    const ttl = await client.pttl(`${PREFIX}sess:${sid}`)
    const after = Date.now()
    expect(ttl).toBeGreaterThanOrEqual(exp * 1000 - after + MARGIN_MS)
    expect(ttl).toBeLessThanOrEqual(exp * 1000 - before + MARGIN_MS)
    expect(await client.hgetall(`${PREFIX}sess:${sid}`)).toStrictEqual({
      sub: '',
      createdAt: expect.stringMatching(/^\d+$/),
      expiresAt: expect.stringMatching(/^\d+$/),
      accessExpiresAt: String(exp * 1000),
      revokedAt: expect.stringMatching(/^\d+$/),
    })
    expect(await client.zscore(`${PREFIX}revoked`, sid)).toBe('1')

    // A logout by the lost refresh token alone names nothing: invalid_grant, as before.
    expect(judged(await post(`${b}/auth/logout`, { body: { refreshToken: other.refreshToken } }))).toStrictEqual(INVALID_GRANT)
    expect(await client.zcard(`${PREFIX}revoked`)).toBe(1)
  }, 60_000)
})
