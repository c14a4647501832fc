import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { Config, ServiceManager } from '@foal/core'

import { getJwtConfig } from '../config/jwt-config'
import { createSignInStores } from '../login/key-sign-in/create-sign-in-stores'
import { createKeySignIn } from '../login/key-sign-in/key-sign-in'
import { LoginAttempts } from '../login/login-attempts.service'
import { configuredStores } from '../stores/configured-stores'
import { TypeormApiKeyStore } from '../stores/typeorm/typeorm-api-key-store'
import { Sessions } from '../tokens/sessions'
import { createDataSource, createStoreDataSource } from '../typeorm/data-source'
import { createDemoApp, type DemoApp } from './create-demo-app'
import { createPubDataSource } from './create-pub-data-source'
import { PubStore } from './pub-store'
import { ensureDemoUser } from './ensure-demo-user'
import { MissingKeyError } from './missing-key-error'

export interface StartDemoOptions {
  host: string
  port: number
  /** Called once, right after the demo user is created, with its only readable copy of the password. */
  onDemoUser(credentials: { email: string; password: string }): void
}

/** A listening demo server. */
export interface RunningDemo {
  url: string
  close(): Promise<void>
}

/**
 * Starts the demo server: checks the key, builds the app (keys parsed, so a bad one stops it
 * here), opens the database from ormconfig.json twice (the app's DataSource for users, the
 * stores' own for sessions and API keys, so sessions survive a restart), reads the revoked
 * sessions, creates the demo user when there is no user, then listens. With
 * `settings.jwt.redisUrl`, sessions, login attempts, challenges and used Pubky AuthTokens are in
 * Redis instead (`configuredStores`), shared by every instance on it.
 * @throws MissingKeyError, ConfigError, TypeError or the listen error: each stops the demo.
 */
export async function startDemo({ host, port, onDemoUser }: StartDemoOptions): Promise<RunningDemo> {
  if (getJwtConfig().secretOrPublicKey === undefined) throw new MissingKeyError()
  // Foal's default request log format is deprecated and warns; use its current one.
  if (Config.get('settings.loggerFormat') === undefined) Config.set('settings.loggerFormat', 'foal')
  const dataSource = createDataSource()
  const stores = createStoreDataSource()
  // Booted by createDemoApp once the routes have checked the verifying key (its message first);
  // no I/O until ready(), below, once the stores' DataSource is open.
  const shared = configuredStores(stores)
  const sessions = new Sessions({ store: shared.sessions, apiKeys: new TypeormApiKeyStore(stores) })
  const attempts = new LoginAttempts()
  attempts.store = shared.attempts
  const pub = createPubDataSource(stores)
  // Challenges and used AuthTokens where the sessions are (Redis with settings.jwt.redisUrl); key identities beside the users.
  const { challenges, replayGuard } = shared
  const signIn = createKeySignIn({ trustHostHeader: true, ...createSignInStores(stores), challenges, replayGuard, identities: dataSource })
  let app: DemoApp
  try {
    app = await createDemoApp(new ServiceManager().set(Sessions, sessions).set(LoginAttempts, attempts).set(PubStore, PubStore.on(pub)), signIn)
  } catch (error) {
    await shared.close()
    throw error
  }
  try {
    await dataSource.initialize()
    await stores.initialize()
    await pub.initialize()
    await shared.ready()
    await sessions.ready()
    const created = await ensureDemoUser()
    if (created !== undefined) onDemoUser(created)
    const server = createServer(app.handler)
    server.on('upgrade', app.upgrade)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    const address = server.address() as AddressInfo
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return {
      url: `http://${shownHost}:${address.port}`,
      async close() {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        app.close()
        await pub.destroy()
        await shared.close()
        await stores.destroy()
        await dataSource.destroy()
      },
    }
  } catch (error) {
    app.close()
    if (pub.isInitialized) await pub.destroy()
    await shared.close()
    if (stores.isInitialized) await stores.destroy()
    if (dataSource.isInitialized) await dataSource.destroy()
    throw error
  }
}
