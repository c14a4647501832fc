import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import { controller, createApp, ServiceManager } from '@foal/core'

import { isInFile } from '../blacklist/is-in-file'
import { getJwtConfig } from '../config/jwt-config'
import { LoginController } from '../login/login.controller'
import { parseJsonBody } from '../login/parse-json-body'
import { createApiController } from './api.controller'
import { createPageController } from './page.controller'

/** The demo's request handler, and how to stop watching its blacklist file. */
export interface DemoApp {
  handler: (req: any, res: any) => void
  close(): void
}

/**
 * Builds the demo app: `POST /auth/login`, `GET /api/me` (JWTRequired, the user from the
 * database, revoked tokens from `settings.jwt.blackListFile`), `GET /api/admin` (the same, and
 * PermissionRequired('admin')), `GET /api/hello` (JWTOptional), and the page at `GET /` (see
 * createPageController), which signs in with the cookies of cookie mode.
 * Configuration comes from `settings.jwt.*`; the `User` DataSource must be open.
 * @param serviceManager a prepared one, e.g. with a `LoginAttempts` clock (tests).
 * @throws ConfigError or TypeError when the configuration or a key is unusable.
 */
export async function createDemoApp(serviceManager = new ServiceManager()): Promise<DemoApp> {
  const config = getJwtConfig()
  const blackListFile = resolve(config.blackListFile)
  // An empty file from the start: revoking is appending a line, and the log stays quiet.
  mkdirSync(dirname(blackListFile), { recursive: true })
  closeSync(openSync(blackListFile, 'a', 0o600))
  const blackList = isInFile(blackListFile)
  try {
    const ApiController = createApiController({ blackList, cookie: config.cookie })
    const PageController = createPageController()
    class AppController {
      subControllers = [controller('/auth', LoginController), controller('/api', ApiController), controller('', PageController)]
    }
    const handler = await createApp(AppController, { serviceManager, preMiddlewares: [parseJsonBody] })
    return { handler, close: () => blackList.close() }
  } catch (error) {
    blackList.close()
    throw error
  }
}
