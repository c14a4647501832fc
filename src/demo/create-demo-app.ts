import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

import { controller, createApp, ServiceManager } from '@foal/core'

import { isInFile } from '../blacklist/is-in-file'
import { getJwtConfig } from '../config/jwt-config'
import { JwksController } from '../login/jwks.controller'
import { LoginController } from '../login/login.controller'
import { parseJsonBody } from '../login/parse-json-body'
import { TokensController } from '../login/tokens.controller'
import { KeySignInController } from '../login/key-sign-in.controller'
import { createKeySignIn, KeySignIn } from '../login/key-sign-in/key-sign-in'
import { createUserAuthSocket } from '../login/key-sign-in/create-user-auth-socket'
import { createLinkRelay } from '../login/pubky/create-link-relay'
import { foalEndpoints } from '../foal/foal-endpoints'
import { Sessions } from '../tokens/sessions'
import { createApiController } from './api.controller'
import { createPageController } from './page.controller'
import { createPubController } from './pub.controller'
import { PubStore } from './pub-store'
import { readPubBody } from './read-pub-body'

/** The demo's request handler, and how to stop watching its blacklist file and the revocations. */
export interface DemoApp {
  handler: (req: any, res: any) => void
  /** The HTTP server's `upgrade` listener: the WebSocket sign-in at `/ws/userauth`, nothing else. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
  sessions: Sessions
  signIn: KeySignIn
  close(): void
}

// The SDK gives up after three relay timeouts: two minutes each leave the user six to approve.
const RELAY_WAIT_MS = 120_000

/**
 * Builds the demo app: `POST /auth/login`, `/auth/refresh`, `/auth/logout`, `/auth/tokens` (when
 * the sessions have API keys), `GET /api/me` (JWTRequired, the user from the database, revoked
 * tokens from `settings.jwt.blackListFile`, revoked sessions), `GET /api/admin` (the same, and
 * PermissionRequired('admin')), `GET /api/hello` (JWTOptional), and the page at `GET /` (see
 * createPageController), which signs in with the cookies of cookie mode; `GET|PUT|DELETE /pub/*`
 * (createPubController: a key-value store behind `capabilities: true`, in the `PubStore` service's
 * database; without one, 503); `GET /.well-known/jwks.json` publishes the public signing keys;
 * public-key sign-in (`POST /auth/challenge`, `/auth/challenge/verify`, `/auth/pubky`, the
 * WebSocket door `/ws/userauth` through `upgrade`) with `signIn`, and Pubky's relay
 * `GET`/`POST /link/<channel>`, answered before any body parser.
 * Configuration comes from `settings.jwt.*`; the `User` DataSource must be open. The sessions are
 * the `Sessions` service of `serviceManager` (left out: Foal makes one, with a memory store).
 * @param serviceManager a prepared one, e.g. with `Sessions` or a `LoginAttempts` clock (tests).
 * @param signIn public-key sign-in (default: challenges in memory, naming the request's Host:
 *   the demo runs on the developer's machine; a real app configures its `host`).
 * @throws ConfigError or TypeError when the configuration or a key is unusable.
 */
export async function createDemoApp(serviceManager = new ServiceManager(), signIn = createKeySignIn({ trustHostHeader: true })): Promise<DemoApp> {
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
    serviceManager.set(KeySignIn, signIn)
    class AppController {
      subControllers = [
        controller('/auth', LoginController),
        ...minting,
        controller('/auth', KeySignInController),
        controller('/api', ApiController),
        controller('/pub', PubController),
        controller('', JwksController),
        controller('', PageController),
      ]
    }
    const app = await createApp(AppController, { serviceManager, preMiddlewares: [readPubBody, parseJsonBody] })
    const relay = createLinkRelay({ waitMs: RELAY_WAIT_MS })
    const userAuth = createUserAuthSocket(sessions, signIn, { onFault: foalEndpoints(sessions).onFault })
    // The relay reads its own bodies: it comes before Foal's parsers.
    const handler = (req: IncomingMessage, res: ServerResponse): void => (req.url?.startsWith('/link/') ? relay.handle(req, res) : app(req, res))
    const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      if (!userAuth.handleUpgrade(req, socket, head)) socket.destroy()
    }
    const close = (): void => {
      blackList.close()
      sessions.close()
      signIn.close()
      relay.close()
      userAuth.close()
    }
    return { handler, upgrade, sessions, signIn, close }
  } catch (error) {
    blackList.close()
    throw error
  }
}
