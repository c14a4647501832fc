import { getJwtConfig } from '../config/jwt-config'
import { cookieSettingsFromConfig } from '../cookies/configured-cookie-settings'
import { FOAL_AND_TYPEORM } from '../peers/foal-and-typeorm'
import { requirePeers } from '../peers/require-peers'
import { routeLines } from './route-lines'
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
  const config = getJwtConfig()
  // The cookies exactly as the routes set them (a __Host- name's refresh cookie is __Secure-…).
  console.log([`jwt-hooks demo: listening on ${demo.url}`, ...routeLines(config.cookie ? cookieSettingsFromConfig(config) : undefined)].join('\n'))
  const stop = (): void => {
    void demo.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
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
