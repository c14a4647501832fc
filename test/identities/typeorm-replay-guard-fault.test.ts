import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { DataSource } from 'typeorm'

import { TypeormReplayGuard } from '../../src/stores/typeorm'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../login/support/login-server'
import { sqliteDataSource } from '../stores/support/store-kinds'
import { buildAuthToken, newSigner } from '../support/pubky-auth-token'
import { START, startKeySignInServer, type KeySignInServer } from './support/key-sign-in-server'

// The database replay guard fails closed as the Redis one does: a fault is a 503 with an empty
// body, the token never accepted unclaimed.
const START_US = BigInt(START) * 1000n
const INVALID_CHALLENGE = { status: 401, body: '{"code":"invalid_challenge","description":"The challenge is unknown, expired or already used, or the signature does not match."}' }

describe('POST /auth/pubky with the replay guard in the database (TypeormReplayGuard)', () => {
  let db: TestDatabase
  let dir: string
  let guardSource: DataSource
  let server: KeySignInServer
  beforeAll(async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
    dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-replay-fault-'))
    guardSource = sqliteDataSource(join(dir, 'replay.sqlite'))
    await guardSource.initialize()
    server = await startKeySignInServer(db.dir, db.dataSource, { replayGuard: new TypeormReplayGuard(guardSource, { now: () => START }) })
  })
  afterAll(async () => {
    await server?.close()
    if (guardSource?.isInitialized) await guardSource.destroy()
    rmSync(dir, { recursive: true, force: true })
    await db?.drop()
  })

  const post = async (bytes: Uint8Array) => {
    const response = await fetch(`${server.url}/auth/pubky`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(bytes) })
    return { status: response.status, body: await response.text() }
  }

  test('a token once: 200, then 401; the database closed: a new valid token is 503 with an empty body, and the fault said once', async () => {
    const signer = newSigner()
    const bytes = buildAuthToken(signer, { timestamp: START_US })
    expect({ first: (await post(bytes)).status, again: await post(bytes) }).toStrictEqual({ first: 200, again: INVALID_CHALLENGE })
    await guardSource.destroy()
    const said = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await post(buildAuthToken(signer, { timestamp: START_US + 1_000n }))).toStrictEqual({ status: 503, body: '' })
      expect(said.mock.calls).toStrictEqual([[expect.stringMatching(/^jwt-hooks: the session store failed to remember an AuthToken \(.+\); answered 503$/)]])
    } finally {
      said.mockRestore()
    }
  })
})
