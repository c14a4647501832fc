import { createPrivateKey, sign } from 'node:crypto'
import { createServer } from 'node:http'

import { ServiceManager } from '@foal/core'
import type { DataSource } from 'typeorm'

import { createDemoApp, type DemoApp } from '../../../src/demo/create-demo-app'
import type { KeySignInOptions } from '../../../src/login/key-sign-in/check-key-sign-in-options'
import { createSignInStores } from '../../../src/login/key-sign-in/create-sign-in-stores'
import { createKeySignIn } from '../../../src/login/key-sign-in/key-sign-in'
import { TypeormSessionStore } from '../../../src/stores/typeorm/typeorm-session-store'
import { createSessions, Sessions } from '../../../src/tokens/sessions'
import { createStoreDataSource } from '../../../src/typeorm/data-source'
import { close, listen } from '../../support/http'
import { openTestDatabase, useJwtEnv, type TestDatabase } from '../../login/support/login-server'

/** The demo app in this process, its challenges on the stores' SQLite DataSource, its clock the test's. */
export interface KeySignInServer {
  url: string
  app: DemoApp
  stores: DataSource
  /** The clock of the sign-in and the sessions (milliseconds); tests move it. */
  now: { ms: number }
  close(): Promise<void>
}

/** 2030-01-01T00:00:00Z: a fixed start, so time comes from data. */
export const START = Date.UTC(2030, 0, 1)

/**
 * Starts the demo app as `npm start` builds it (the `User` DataSource of `dir` open, the env set
 * by `useJwtEnv`), with the upgrade listener of its WebSocket door.
 */
export async function startKeySignInServer(dir: string, dataSource: DataSource, options: Partial<KeySignInOptions> = {}): Promise<KeySignInServer> {
  const stores = createStoreDataSource({ cwd: dir })
  await stores.initialize()
  const now = { ms: START }
  const clock = () => now.ms
  const sessions = createSessions({ store: new TypeormSessionStore(stores), clock })
  await sessions.ready()
  const signIn = createKeySignIn({ trustHostHeader: true, ...createSignInStores(stores), identities: dataSource, clock, ...options })
  const app = await createDemoApp(new ServiceManager().set(Sessions, sessions), signIn)
  const server = createServer(app.handler)
  server.on('upgrade', app.upgrade)
  const url = await listen(server)
  return {
    url,
    app,
    stores,
    now,
    async close() {
      await close(server)
      app.close()
      await stores.destroy()
    },
  }
}

/** A `KeySignInServer` for a whole test file, with the database it signs users in against. */
export interface KeySignInTest extends KeySignInServer {
  /** The `User` DataSource (with `KeyIdentity`) of a temporary directory. */
  db: TestDatabase
}

/**
 * The setup the sign-in tests share: before the file, a test database, the env set by
 * `useJwtEnv` and the demo app (`startKeySignInServer`); the clock back at `START` before each
 * test; all closed after the file. Call it at the top of the file.
 */
export function useKeySignInServer(): KeySignInTest {
  let db: TestDatabase | undefined
  let started: KeySignInServer | undefined
  beforeAll(async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
    started = await startKeySignInServer(db.dir, db.dataSource)
  })
  afterAll(async () => {
    await started?.close()
    await db?.drop()
  })
  beforeEach(() => {
    if (started !== undefined) started.now.ms = START
  })
  return {
    get url() {
      return started!.url
    },
    get app() {
      return started!.app
    },
    get stores() {
      return started!.stores
    },
    get now() {
      return started!.now
    },
    get db() {
      return db!
    },
    close: () => started!.close(),
  }
}

const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** Signs with a 32-byte Ed25519 seed (a Pubky `Keypair.secret()`), on node:crypto. */
export function signWithSeed(seed: Uint8Array, message: string | Uint8Array): Buffer {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, Buffer.from(seed)]), format: 'der', type: 'pkcs8' })
  return sign(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key)
}

/** z-base-32 of raw key bytes, written out here (Zooko's alphabet), not taken from the code under test. */
export function z32Of(raw: Uint8Array): string {
  const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769'
  let bits = ''
  for (const byte of raw) bits += byte.toString(2).padStart(8, '0')
  bits = bits.padEnd(Math.ceil(bits.length / 5) * 5, '0')
  let out = ''
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)]
  return out
}
