import { createServer } from 'node:http'

import { Config, controller, createApp } from '@foal/core'

import { LoginController, parseJsonBody } from '../../../src'
import { close, listen } from '../../support/http'

/** A user's own FoalTS app with LoginController at /auth, over real HTTP on 127.0.0.1. */
export interface UserApp {
  url: string
  close(): Promise<void>
}

/**
 * Starts an app as the README shows one: `controller('/auth', LoginController)`, the strict JSON
 * parser from the package root first, or Foal's own parser only. The `User` DataSource must be open.
 */
export async function startUserApp({ strictParser }: { strictParser: boolean }): Promise<UserApp> {
  Config.set('settings.loggerFormat', 'none')
  class AppController {
    subControllers = [controller('/auth', LoginController)]
  }
  const handler = await createApp(AppController, { preMiddlewares: strictParser ? [parseJsonBody] : [] })
  const server = createServer(handler)
  const url = await listen(server)
  return { url, close: () => close(server) }
}
