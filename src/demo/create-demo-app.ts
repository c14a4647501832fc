import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import { controller, createApp, ServiceManager } from '@foal/core'

import { isInFile } from '../blacklist/is-in-file'
import { getJwtConfig } from '../config/jwt-config'
import { JwksController } from '../login/jwks.controller'
import { LoginController } from '../login/login.controller'
import { parseJsonBody } from '../login/parse-json-body'
import { TokensController } from '../login/tokens.controller'
import { Sessions } from '../tokens/sessions'
import { createApiController } from './api.controller'
import { createPageController } from './page.controller'
import { createPubController } from './pub.controller'
import { PubStore } from './pub-store'
import { readPubBody } from './read-pub-body'

/** The demo's request handler, and how to stop watching its blacklist file and the revocations. */
export interface DemoApp {
  handler: (req: any, res: any) => void
  sessions: Sessions
  close(): void
}

/**
 * Builds the demo app: `POST /auth/login`, `/auth/refresh`, `/auth/logout`, `/auth/tokens` (when
 * the sessions have API keys), `GET /api/me` (JWTRequired, the user from the database, revoked
 * tokens from `settings.jwt.blackListFile`, revoked sessions), `GET /api/admin` (the same, and
 * PermissionRequired('admin')), `GET /api/hello` (JWTOptional), and the page at `GET /` (see
 * createPageController), which signs in with the cookies of cookie mode; `GET|PUT|DELETE /pub/*`
 * (createPubController: a key-value store behind `capabilities: true`, in the `PubStore` service's
 * database; without one, 503); `GET /.well-known/jwks.json` publishes the public signing keys.
 * Configuration comes from `settings.jwt.*`; the `User` DataSource must be open. The sessions are
 * the `Sessions` service of `serviceManager` (left out: Foal makes one, with a memory store).
 * @param serviceManager a prepared one, e.g. with `Sessions` or a `LoginAttempts` clock (tests).
 * @throws ConfigError or TypeError when the configuration or a key is unusable.
 */
export async function createDemoApp(serviceManager = new ServiceManager()): Promise<DemoApp> {
  const config = getJwtConfig()
  const sessions = serviceManager.get(Sessions)
  const blackListFile = resolve(config.blackListFile)
  // An empty file from the start: revoking is appending a line, and the log stays quiet.
  mkdirSync(dirname(blackListFile), { recursive: true })
  closeSync(openSync(blackListFile, 'a', 0o600))
  const blackList = isInFile(blackListFile)
  try {
    const ApiController = createApiController({ blackList, cookie: config.cookie, sessions })
    // Now, after the routes parsed the verifying key: a bad signing key or option stops the demo here.
    sessions.boot()
    const minting = sessions.settings.apiKeys === undefined ? [] : [controller('/auth', TokensController)]
    const PageController = createPageController()
    const PubController = createPubController({ blackList, cookie: config.cookie, sessions, store: serviceManager.get(PubStore) })
    class AppController {
      subControllers = [
        controller('/auth', LoginController),
        ...minting,
        controller('/api', ApiController),
        controller('/pub', PubController),
        controller('', JwksController),
        controller('', PageController),
      ]
    }
    const handler = await createApp(AppController, { serviceManager, preMiddlewares: [readPubBody, parseJsonBody] })
    return { handler, sessions, close: () => (blackList.close(), sessions.close()) }
  } catch (error) {
    blackList.close()
    throw error
  }
}
