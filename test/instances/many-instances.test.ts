import { spawn } from 'node:child_process'
import { join } from 'node:path'

import { sign } from 'jsonwebtoken'

import { post } from '../login/support/request'
import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { sharedRedisUrl } from '../support/services'
import { judged, login, me, percentile, refusedWithin, SECRET, startInstances, type DemoInstances, type Tokens } from './support/demo-instances'

// Three demo processes (`npm start`) on one PostgreSQL database and one Redis
// (settings.jwt.redisUrl), as behind a load balancer: what happens on one counts on all.

const CONTRACT_MS = 100
const SIGN_OUTS = 30
const USER = { status: 200, body: { id: 1, email: 'demo@example.com' } }
const REVOKED = { status: 401, body: { code: 'invalid_token', description: 'jwt revoked' }, 'www-authenticate': 'error="invalid_token", error_description="jwt revoked"' }
const INVALID_GRANT = { status: 400, body: { code: 'invalid_grant', description: 'The refresh token is invalid, expired or revoked.' } }
const BAD_CREDENTIALS = { status: 401, body: { code: 'invalid_credentials', description: 'Incorrect email or password.' } }
const TOO_MANY = { status: 429, body: { code: 'too_many_attempts', description: 'Too many failed login attempts. Try again later.' }, 'retry-after': '60' }

let instances: DemoInstances
let urls: string[]
beforeAll(async () => {
  instances = await startInstances(3, await sharedRedisUrl())
  urls = instances.urls
}, 60_000)
afterAll(() => instances?.stop())

describe('sign-out on one instance is refused on the others within 100 ms (revocation fan-out by Redis pub/sub)', () => {
  test(`${SIGN_OUTS} sign-outs, each on another instance: every other instance refuses the token within ${CONTRACT_MS} ms`, async () => {
    const latencies: number[] = []
    const late: string[] = []
    for (let i = 0; i < SIGN_OUTS; i++) {
      const [home, ...others] = [urls[i % 3], urls[(i + 1) % 3], urls[(i + 2) % 3]]
      const { accessToken } = await login(home, instances.password)
      for (const url of urls) expect(judged(await me(url, accessToken))).toStrictEqual(USER)
      const logout = await post(`${home}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${accessToken}` } })
      expect(logout.status).toBe(204)
      const since = performance.now()
      for (const url of others) {
        const ms = await refusedWithin(url, accessToken, since, CONTRACT_MS)
        if (ms === undefined) late.push(`sign-out ${i} on ${home}: still accepted on ${url} after ${CONTRACT_MS} ms`)
        else latencies.push(ms)
      }
      expect(judged(await me(home, accessToken), ['www-authenticate'])).toStrictEqual(REVOKED)
    }
    expect(late).toStrictEqual([])
    // Not an assertion of speed: the figures of the README, from the same run.
    console.log(`cross-instance sign-out: ${latencies.length} refusals, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`)
  }, 60_000)
})

describe('refresh-token reuse caught across instances: refresh on A, the old token again on B', () => {
  test('B answers invalid_grant and the session is revoked on A, B and C (access tokens and the new refresh token)', async () => {
    const [a, b, c] = urls
    const first = await login(a, instances.password)
    const rotated = await post(`${a}/auth/refresh`, { body: { refreshToken: first.refreshToken } })
    expect(rotated.status).toBe(200)
    const second = rotated.body as Tokens
    expect(judged(await me(c, second.accessToken))).toStrictEqual(USER)

    expect(judged(await post(`${b}/auth/refresh`, { body: { refreshToken: first.refreshToken } }))).toStrictEqual(INVALID_GRANT)
    const since = performance.now()
    for (const url of [a, b, c]) {
      for (const token of [first.accessToken, second.accessToken]) {
        expect(await refusedWithin(url, token, since, CONTRACT_MS)).toEqual(expect.any(Number))
        expect(judged(await me(url, token), ['www-authenticate'])).toStrictEqual(REVOKED)
      }
    }
    expect(judged(await post(`${c}/auth/refresh`, { body: { refreshToken: second.refreshToken } }))).toStrictEqual(INVALID_GRANT)
  })

  test('50 parallel refreshes of one token spread over the three instances: exactly one success', async () => {
    const { refreshToken } = await login(urls[0], instances.password)
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => post(`${urls[i % 3]}/auth/refresh`, { body: { refreshToken } })))
    const statuses = replies.map((reply) => reply.status).sort()
    expect(statuses).toStrictEqual([200, ...Array(49).fill(400)])
    for (const reply of replies.filter((r) => r.status === 400)) expect(judged(reply)).toStrictEqual(INVALID_GRANT)
  })
})

describe('the login throttle is shared: failures spread over the instances count once', () => {
  test('five wrong passwords on A, B, C, A, B: the sixth answers 429 wherever it lands, even with the right password', async () => {
    // A client address of this test's own: the throttle also counts per address.
    const localAddress = '127.0.0.16'
    for (let i = 0; i < 5; i++) {
      const reply = await post(`${urls[i % 3]}/auth/login`, { body: { email: 'demo@example.com', password: 'not-the-password' }, localAddress })
      expect(judged(reply)).toStrictEqual(BAD_CREDENTIALS)
    }
    for (const url of urls) {
      const reply = await post(`${url}/auth/login`, { body: { email: 'demo@example.com', password: instances.password }, localAddress })
      expect(judged(reply, ['retry-after'])).toStrictEqual(TOO_MANY)
    }
  })
})

describe('a Pubky AuthToken accepted by one instance is a replay on the others (the replay guard in Redis)', () => {
  const INVALID_CHALLENGE = { status: 401, body: { code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' } }
  const postToken = async (url: string, bytes: Uint8Array) => {
    const response = await fetch(`${url}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes) })
    const text = await response.text()
    return { status: response.status, body: text === '' ? text : JSON.parse(text) }
  }

  test('POST /auth/pubky on A: 200; the same bytes on B and C, then on A: the 401', async () => {
    // The demo processes run on the real clock: a token signed now is inside Pubky's window.
    const bytes = buildAuthToken(newSigner(), { timestamp: BigInt(Date.now()) * 1000n })
    const [a, b, c] = urls
    const accepted = await postToken(a, bytes)
    expect({ accepted: accepted.status, b: await postToken(b, bytes), c: await postToken(c, bytes), a: await postToken(a, bytes) }).toStrictEqual({
      accepted: 200,
      b: INVALID_CHALLENGE,
      c: INVALID_CHALLENGE,
      a: INVALID_CHALLENGE,
    })
  })
})

describe('a challenge put in Redis by one process is taken once, by any (RedisChallengeStore across processes)', () => {
  // POST /auth/challenge is not a demo route yet: its store is tested across real processes.
  const WORKER = join(__dirname, 'support/challenge-worker.js')
  function run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.on('error', reject)
      child.on('close', (code) => (clearTimeout(timer), code === 0 ? resolve(out.trim()) : reject(new Error(`worker exited with ${code}`))))
    })
  }

  test('one process puts a challenge; four others take it at once: one gets it, three get nothing, and it stays taken', async () => {
    const redis = await sharedRedisUrl()
    const prefix = `test-challenge-${process.pid}:`
    const id = `c-${Date.now()}`
    expect(await run([redis, prefix, 'put', id])).toBe('put')
    const taken = await Promise.all([1, 2, 3, 4].map(() => run([redis, prefix, 'take', id])))
    expect(taken.sort()).toStrictEqual(['none', 'none', 'none', `taken ${id} ed25519:test`])
    expect(await run([redis, prefix, 'take', id])).toBe('none')
  })
})

describe('load: 200 concurrent clients over the three instances with valid, signed-out, reuse-revoked and expired sessions', () => {
  test('every answer is exact', async () => {
    const EXPIRED = { status: 401, body: { code: 'invalid_token', description: 'jwt expired' }, 'www-authenticate': 'error="invalid_token", error_description="jwt expired"' }
    const VALID = { ...USER, 'www-authenticate': null }
    const kinds: { token: string; expected: unknown }[] = []
    for (let i = 0; i < 8; i++) {
      const valid = await login(urls[i % 3], instances.password)
      kinds.push({ token: valid.accessToken, expected: VALID })
      const out = await login(urls[i % 3], instances.password)
      expect((await post(`${urls[(i + 1) % 3]}/auth/logout`, { body: {}, headers: { authorization: `Bearer ${out.accessToken}` } })).status).toBe(204)
      kinds.push({ token: out.accessToken, expected: REVOKED })
      const reused = await login(urls[i % 3], instances.password)
      expect((await post(`${urls[(i + 1) % 3]}/auth/refresh`, { body: { refreshToken: reused.refreshToken } })).status).toBe(200)
      expect(judged(await post(`${urls[(i + 2) % 3]}/auth/refresh`, { body: { refreshToken: reused.refreshToken } }))).toStrictEqual(INVALID_GRANT)
      kinds.push({ token: reused.accessToken, expected: REVOKED })
      // Signed with the instances' secret and a sid, but its exp passed an hour ago.
      const iat = Math.floor(Date.now() / 1000) - 7200
      kinds.push({ token: sign({ sub: '1', sid: `expired-${i}`, iat, exp: iat + 3600 }, SECRET, { algorithm: 'HS256' }), expected: EXPIRED })
    }
    // Every revocation heard everywhere before the load: the answers are then fixed.
    for (const { token, expected } of kinds) {
      if (expected === REVOKED) for (const url of urls) expect(await refusedWithin(url, token, performance.now(), CONTRACT_MS)).toEqual(expect.any(Number))
    }
    const wrong: unknown[] = []
    await Promise.all(
      Array.from({ length: 200 }, async (_, client) => {
        for (let i = 0; i < 5; i++) {
          const { token, expected } = kinds[(client * 5 + i) % kinds.length]
          const url = urls[(client + i) % 3]
          const answer = judged(await me(url, token), ['www-authenticate'])
          if (JSON.stringify(answer) !== JSON.stringify(expected)) wrong.push({ url, expected, answer })
        }
      }),
    )
    expect(wrong).toStrictEqual([])
  }, 60_000)
})
