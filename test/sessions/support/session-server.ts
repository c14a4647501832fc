import { createServer } from 'node:http'

import { ServiceManager } from '@foal/core'
import type { DataSource } from 'typeorm'

import { createDemoApp } from '../../../src/demo/create-demo-app'
import { LoginAttempts } from '../../../src/login/login-attempts.service'
import type { SessionStore } from '../../../src/stores/session-store'
import { TypeormApiKeyStore } from '../../../src/stores/typeorm/typeorm-api-key-store'
import { TypeormSessionStore } from '../../../src/stores/typeorm/typeorm-session-store'
import type { SessionsOptions } from '../../../src/tokens/check-sessions-options'
import { createSessions, Sessions } from '../../../src/tokens/sessions'
import { createStoreDataSource } from '../../../src/typeorm/data-source'
import { close, listen } from '../../support/http'

/** The demo app in this process over real HTTP, its sessions and API keys on the stores' own SQLite DataSource. */
export interface SessionServer {
  url: string
  sessions: Sessions
  stores: DataSource
  close(): Promise<void>
}

export interface SessionServerOptions {
  /** More options of createSessions (a clock, a timeout…). */
  sessions?: SessionsOptions
  /** Wraps the TypeORM session store (a slow store, say). */
  wrapStore?: (store: SessionStore) => SessionStore
  /** Options of the stores' DataSource (a short busyTimeout). */
  dataSource?: Record<string, unknown>
}

/**
 * Starts the demo app as `npm start` builds it, in this process: the `User` DataSource of
 * `dir` must be open and the env set (`useJwtEnv`). The login's rate limit is kept out of the way.
 */
export async function startSessionServer(dir: string, options: SessionServerOptions = {}): Promise<SessionServer> {
  const stores = createStoreDataSource({ cwd: dir })
  if (options.dataSource !== undefined) stores.setOptions(options.dataSource)
  await stores.initialize()
  const store = new TypeormSessionStore(stores)
  const sessions = createSessions({
    store: options.wrapStore ? options.wrapStore(store) : store,
    apiKeys: new TypeormApiKeyStore(stores),
    ...options.sessions,
  })
  await sessions.ready()
  const services = new ServiceManager().set(Sessions, sessions)
  let now = Date.UTC(2030, 0, 1)
  services.get(LoginAttempts).clock = () => (now += 16 * 60_000)
  const app = await createDemoApp(services)
  const server = createServer(app.handler)
  const url = await listen(server)
  return {
    url,
    sessions,
    stores,
    async close() {
      await close(server)
      app.close()
      if (stores.isInitialized) await stores.destroy()
    },
  }
}
