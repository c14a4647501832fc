import type { Redis } from 'ioredis'

import { createReplayGuard } from '../../src/login/pubky/create-replay-guard'
import { RedisReplayGuard } from '../../src/stores/redis'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { closeRedis, connectRedis } from '../stores/support/redis-backend'
import { startRedis, type RedisServer } from '../support/services'
import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { START, startKeySignInServer, type KeySignInServer } from './support/key-sign-in-server'

// Two "instances": two connections to one Redis, each with its own guard, on one key prefix. A
// Redis of this file's own, as the last test stops it.
const PREFIX = 'replay-test:'
const START_US = BigInt(START) * 1000n
const INVALID_CHALLENGE = { status: 401, body: { code: 'invalid_challenge', description: 'The challenge is unknown, expired or already used, or the signature does not match.' } }

let redis: RedisServer
let connections: Redis[]
let guardA: RedisReplayGuard
let guardB: RedisReplayGuard

beforeAll(async () => {
  redis = await startRedis()
  // A short disconnectTimeout: closing a connection to the stopped Redis leaves no 2-second timer.
  connections = [await connectRedis(redis.url, { disconnectTimeout: 50 }), await connectRedis(redis.url, { disconnectTimeout: 50 })]
  ;[guardA, guardB] = connections.map((connection) => new RedisReplayGuard(connection, { keyPrefix: PREFIX, ttlMarginMs: 0, now: () => START }))
})

afterAll(async () => {
  await Promise.all(connections.map(closeRedis))
  await redis.stop()
})

describe('RedisReplayGuard on one Redis shared by two instances: a token claimed on one is a replay on the other', () => {
  test('first claim true, then false on either instance; another id or another prefix is its own', async () => {
    const other = new RedisReplayGuard(connections[1], { keyPrefix: 'another-app:', ttlMarginMs: 0, now: () => START })
    expect({
      first: await guardA.claim('token-1', START + 60_000),
      onB: await guardB.claim('token-1', START + 60_000),
      onA: await guardA.claim('token-1', START + 60_000),
      anotherId: await guardB.claim('token-2', START + 60_000),
      anotherPrefix: await other.claim('token-1', START + 60_000),
    }).toStrictEqual({ first: true, onB: false, onA: false, anotherId: true, anotherPrefix: true })
  })

  test('40 concurrent claims of one id spread over both instances: exactly one true', async () => {
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? guardA : guardB).claim('raced', START + 60_000)))
    expect(claims.filter(Boolean).length).toBe(1)
  })

  test('the key lives until expiresAtMs by the caller clock, plus the margin; a claim already past expiry is true and writes nothing', async () => {
    const margined = new RedisReplayGuard(connections[0], { keyPrefix: PREFIX, ttlMarginMs: 60_000, now: () => START })
    await guardA.claim('ttl-plain', START + 360_000)
    await margined.claim('ttl-margin', START + 360_000)
    const pttl = async (id: string) => Math.ceil((await connections[0].pttl(`${PREFIX}replay:${id}`)) / 1000)
    expect({
      plain: await pttl('ttl-plain'),
      margin: await pttl('ttl-margin'),
      past: await guardA.claim('past', START),
      pastAgain: await guardB.claim('past', START - 1),
      pastKey: await connections[0].exists(`${PREFIX}replay:past`),
    }).toStrictEqual({ plain: 360, margin: 420, past: true, pastAgain: true, pastKey: 0 })
  })

  test('expired by its TTL: once Redis has dropped the key, the id can be claimed again', async () => {
    await guardA.claim('short', START + 60_000)
    // Redis's own expiry, made due now (PEXPIRE 0 deletes, as a TTL that ran out does).
    await connections[0].pexpire(`${PREFIX}replay:short`, 0)
    expect({ again: await guardB.claim('short', START + 60_000), then: await guardA.claim('short', START + 60_000) }).toStrictEqual({ again: true, then: false })
  })

  test('bad arguments and options: a TypeError naming them', async () => {
    await expect(guardA.claim('', START + 1)).rejects.toStrictEqual(new TypeError('jwt-hooks: claim(id, expiresAtMs) takes a non-empty string and a finite number'))
    await expect(guardA.claim('id', Number.NaN)).rejects.toStrictEqual(new TypeError('jwt-hooks: "expiresAtMs" must be milliseconds since the epoch'))
    expect(() => new RedisReplayGuard(connections[0], { keyPrefix: '' })).toThrow(new TypeError('jwt-hooks: "keyPrefix" must be a string of 1 to 100 characters'))
    expect(() => new RedisReplayGuard(connections[0], { now: 5 as never })).toThrow(new TypeError('jwt-hooks: "now" must be a function'))
  })
})

describe('POST /auth/pubky on two demo apps whose replay guards share one Redis', () => {
  let db: TestDatabase
  let one: KeySignInServer
  let two: KeySignInServer
  beforeAll(async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
    one = await startKeySignInServer(db.dir, db.dataSource, { replayGuard: guardA })
    two = await startKeySignInServer(db.dir, db.dataSource, { replayGuard: guardB })
  })
  afterAll(async () => {
    await one?.close()
    await two?.close()
    await db?.drop()
  })

  async function postBytes(server: KeySignInServer, bytes: Uint8Array) {
    const response = await fetch(`${server.url}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes) })
    const text = await response.text()
    return { status: response.status, body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text }
  }

  test('a token accepted by one instance is refused by the other; with Redis stopped, a new token is 503 with an empty body, never accepted', async () => {
    const signer = newSigner()
    const bytes = buildAuthToken(signer, { timestamp: START_US })
    const accepted = await postBytes(one, bytes)
    expect({ accepted: accepted.status, replayed: await postBytes(two, bytes), onFirst: await postBytes(one, bytes) }).toStrictEqual({
      accepted: 200,
      replayed: INVALID_CHALLENGE,
      onFirst: INVALID_CHALLENGE,
    })
    await redis.stop()
    const fresh = buildAuthToken(signer, { timestamp: START_US + 1_000n })
    const said = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect({ one: await postBytes(one, fresh), two: await postBytes(two, fresh) }).toStrictEqual({ one: { status: 503, body: '' }, two: { status: 503, body: '' } })
      // Each fault said once, naming the operation and ioredis's error (no token bytes).
      const line = "jwt-hooks: the session store failed to remember an AuthToken (Error: Stream isn't writeable and enableOfflineQueue options is false); answered 503"
      expect(said.mock.calls).toStrictEqual([[line], [line]])
    } finally {
      said.mockRestore()
    }
  })
})

describe('a replay guard that throws at once (the memory guard when full) fails closed too: 503, not a 500', () => {
  let db: TestDatabase
  let server: KeySignInServer
  beforeAll(async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
    server = await startKeySignInServer(db.dir, db.dataSource, { replayGuard: createReplayGuard({ maxEntries: 1, now: () => START }) })
  })
  afterAll(async () => {
    await server?.close()
    await db?.drop()
  })

  test('the first token fills the guard (200); a second, valid one: 503 with an empty body', async () => {
    const signer = newSigner()
    const post = async (bytes: Uint8Array) => {
      const response = await fetch(`${server.url}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes) })
      return { status: response.status, body: await response.text() }
    }
    const first = await post(buildAuthToken(signer, { timestamp: START_US }))
    const said = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect({ first: first.status, second: await post(buildAuthToken(signer, { timestamp: START_US + 1_000n })) }).toStrictEqual({ first: 200, second: { status: 503, body: '' } })
      expect(said.mock.calls).toStrictEqual([['jwt-hooks: the session store failed to remember an AuthToken (ReplayGuardFullError: The replay guard holds 1 unexpired tokens and takes no more.); answered 503']])
    } finally {
      said.mockRestore()
    }
  })
})
