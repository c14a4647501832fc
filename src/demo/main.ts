import { getJwtConfig, type JwtConfig } from '../config/jwt-config'
import { FOAL_AND_TYPEORM } from '../peers/foal-and-typeorm'
import { requirePeers } from '../peers/require-peers'
import type { RunningDemo } from './start-demo'

const DEFAULT_PORT = 3001
const DEFAULT_HOST = '127.0.0.1'

/** `npm start`: the demo server on 127.0.0.1:3001 (PORT and HOST override). */
async function main(): Promise<void> {
  const port = readPort(process.env.PORT)
  const host = process.env.HOST || DEFAULT_HOST
  let demo: RunningDemo
  try {
    // The demo is a FoalTS app on TypeORM: loaded only once they are known to be installed.
    requirePeers('the demo server', FOAL_AND_TYPEORM)
    await import('reflect-metadata')
    const { startDemo } = await import('./start-demo')
    demo = await startDemo({
      host,
      port,
      onDemoUser({ email, password }) {
        // Shown once, on purpose: the only copy of the password is its hash in the database.
        console.log(`jwt-hooks demo: created the demo user (this password is shown only now)\n  email:    ${email}\n  password: ${password}`)
      },
    })
  } catch (error) {
    console.error(`jwt-hooks demo: cannot start.\n${(error as Error).message}`)
    process.exitCode = 1
    return
  }
  // One write: whoever waits for the "listening" line gets the routes with it.
  console.log([`jwt-hooks demo: listening on ${demo.url}`, ...routeLines(getJwtConfig())].join('\n'))
  const stop = (): void => {
    void demo.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/** The routes, and how to send the token as the routes read it: the header, or in cookie mode the cookie. */
function routeLines({ cookie, cookieName }: JwtConfig): string[] {
  const sessionRoutes = [
    '  POST /auth/refresh {"refreshToken"} -> the next {"accessToken","refreshToken","expiresAt","token"}',
    '  POST /auth/logout  Authorization: Bearer <token>, or {"refreshToken"} -> 204',
    '  POST /auth/tokens  X-API-Key: <key of jwt-hooks create-api-key>, {"userId"} -> tokens of a session of userId',
    '  POST /auth/challenge {"publicKey","caps"?} -> {"challenge","expiresAt"}: sign the challenge with the key',
    '  POST /auth/challenge/verify {"publicKey","challenge","signature"} -> tokens of a session of the key',
    "  POST /auth/pubky   a Pubky AuthToken's bytes (application/octet-stream) -> tokens of a session of its key",
    "  WS   /ws/userauth  Textile's loginWithChallenge: {\"type\":\"token\",\"pubkey\"} ... -> {\"type\":\"token\",\"value\":tokens}",
    "  GET|POST /link/<channel>  the relay of Pubky's auth flow",
    '  GET  /.well-known/jwks.json -> the public signing keys, for another service\'s jwksUrl',
  ]
  if (!cookie) {
    return [
      '  POST /auth/login   {"email","password"} -> {"accessToken","refreshToken","expiresAt","token"}',
      ...sessionRoutes,
      '  GET  /api/me       Authorization: Bearer <token>',
      '  GET  /api/admin    Authorization: Bearer <token> of a user with the permission admin',
      '  GET  /api/hello    with or without a token',
    ]
  }
  return [
    '  GET  /             the demo page: open it in a browser to sign in',
    `  POST /auth/login   {"email","password"} -> {"accessToken","expiresAt","token"} and the cookies ${cookieName}, ${cookieName}_refresh (Path=/auth), XSRF-TOKEN`,
    `  POST /auth/refresh X-CSRF-Token: <XSRF-TOKEN>, Cookie: ${cookieName}_refresh -> the next cookies (or {"refreshToken"} -> the next TOKENS)`,
    `  POST /auth/logout  X-CSRF-Token: <XSRF-TOKEN>, Cookie: ${cookieName}_refresh -> 204, the cookies cleared`,
    // Minting, the public-key sign-in (whose HTTP routes set the same cookies), the relay, the keys.
    ...sessionRoutes.slice(2),
    `  GET  /api/me       Cookie: ${cookieName}=<token>`,
    `  GET  /api/admin    Cookie: ${cookieName}=<token> of a user with the permission admin`,
    '  GET  /api/hello    with or without the cookie',
  ]
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`jwt-hooks demo: PORT must be a whole number from 0 to 65535, not "${value}"`)
    process.exit(1)
  }
  return port
}

void main()
