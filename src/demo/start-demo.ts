import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { Config, ServiceManager } from '@foal/core'

import { getJwtConfig } from '../config/jwt-config'
import { TypeormApiKeyStore } from '../stores/typeorm/typeorm-api-key-store'
import { TypeormSessionStore } from '../stores/typeorm/typeorm-session-store'
import { Sessions } from '../tokens/sessions'
import { createDataSource, createStoreDataSource } from '../typeorm/data-source'
import { createKeySignIn } from '../login/key-sign-in/key-sign-in'
import { createSignInStores } from '../login/key-sign-in/create-sign-in-stores'
import { createDemoApp } from './create-demo-app'
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
 * sessions, creates the demo user when there is no user, then listens.
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
  const sessions = new Sessions({ store: new TypeormSessionStore(stores), apiKeys: new TypeormApiKeyStore(stores) })
  // Challenges in the stores' database, as sessions; key identities beside the users.
  const signIn = createKeySignIn({ trustHostHeader: true, ...createSignInStores(stores), identities: dataSource })
  const app = await createDemoApp(new ServiceManager().set(Sessions, sessions), signIn)
  try {
    await dataSource.initialize()
    await stores.initialize()
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
        await stores.destroy()
        await dataSource.destroy()
      },
    }
  } catch (error) {
    app.close()
    if (stores.isInitialized) await stores.destroy()
    if (dataSource.isInitialized) await dataSource.destroy()
    throw error
  }
}
