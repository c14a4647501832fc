import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ServiceManager } from '@foal/core'
import type { DataSource } from 'typeorm'

import { resetJwtConfig } from '../../../src/config/jwt-config'
import { createDemoApp } from '../../../src/demo/create-demo-app'
import { LoginAttempts } from '../../../src/login/login-attempts.service'
import { createDataSource } from '../../../src/typeorm/data-source'
import { User } from '../../../src/typeorm/user.entity'
import { SECRET } from '../../support/keys'
import { close, listen } from '../../support/http'

export const ANN = { email: 'ann@example.com', password: 'correct horse battery staple' }
export const BOB = { email: 'bob@example.com', password: 'another good passphrase' }

/** A temp directory with a real SQLite file holding Ann (id 1) and Bob (id 2). */
export interface TestDatabase {
  dir: string
  dataSource: DataSource
  drop(): Promise<void>
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-hooks-login-'))
  const dataSource = createDataSource({ cwd: dir })
  await dataSource.initialize()
  for (const { email, password } of [ANN, BOB]) {
    const user = User.create({ email })
    await user.setPassword(password)
    await user.save()
  }
  return {
    dir,
    dataSource,
    async drop() {
      await dataSource.destroy()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Every `settings.jwt.*` key set in the environment (an empty string is "not set"), so neither the
 * repository's config/ nor a developer's .env decides anything; then the config is read again.
 */
export function useJwtEnv(dir: string, overrides: Record<string, string> = {}): void {
  const values: Record<string, string> = {
    SETTINGS_JWT_SECRET_OR_PUBLIC_KEY: SECRET,
    SETTINGS_JWT_PRIVATE_KEY: '',
    SETTINGS_JWT_ALGORITHM: '',
    SETTINGS_JWT_COOKIE: 'false',
    SETTINGS_JWT_COOKIE_NAME: 'auth',
    SETTINGS_JWT_COOKIE_SECURE: 'false',
    SETTINGS_JWT_EXPIRES_IN: '1h',
    SETTINGS_JWT_BLACK_LIST_FILE: join(dir, 'blacklist.txt'),
    SETTINGS_JWT_TRUST_PROXY: 'false',
    SETTINGS_JWT_CSRF: '',
    SETTINGS_JWT_COOKIE_SAME_SITE: '',
    ...overrides,
  }
  // An empty value is "not set": unset, since a key set but empty is a configuration error.
  for (const [name, value] of Object.entries(values)) {
    if (value === '') delete process.env[name]
    else process.env[name] = value
  }
  resetJwtConfig()
}

/** The demo app over real HTTP on 127.0.0.1, with a login clock the test moves. */
export interface LoginServer {
  url: string
  /** Moves the rate limiter's clock forward (milliseconds); no sleeping. */
  advance(ms: number): void
  close(): Promise<void>
}

/** Sets up the app's services before it boots, e.g. a smaller attempt store or hashing queue. */
export type PrepareServices = (services: ServiceManager) => void

export async function startLoginServer(prepare: PrepareServices = () => undefined): Promise<LoginServer> {
  let now = Date.UTC(2030, 0, 1)
  const services = new ServiceManager()
  services.get(LoginAttempts).clock = () => now
  prepare(services)
  const app = await createDemoApp(services)
  const server = createServer(app.handler)
  const url = await listen(server)
  return {
    url,
    advance(ms) {
      now += ms
    },
    async close() {
      await close(server)
      app.close()
    },
  }
}

/**
 * The hooks every login suite needs: one test database per file (its env set), a fresh server per
 * test. The answer always stands for the current test's server.
 */
export function useLoginServer(prepare?: PrepareServices): LoginServer {
  let db: TestDatabase
  let server: LoginServer
  beforeAll(async () => {
    db = await openTestDatabase()
    useJwtEnv(db.dir)
  })
  afterAll(() => db.drop())
  beforeEach(async () => {
    server = await startLoginServer(prepare)
  })
  afterEach(() => server.close())
  return {
    get url() {
      return server.url
    },
    advance: (ms) => server.advance(ms),
    close: () => server.close(),
  }
}
