import { createServer } from 'node:http'

import { Config, createApp } from '@foal/core'

import { close, listen } from './http'

/** Starts a real FoalTS app on 127.0.0.1 and returns its URL and a way to stop it. */
export async function startFoal(AppController: new () => unknown): Promise<{ url: string; close(): Promise<void> }> {
  // Quiet request logs: tests read answers, not logs.
  Config.set('settings.loggerFormat', 'none')
  Config.set('settings.logger.format', 'none')
  const server = createServer(await createApp(AppController as any))
  const url = await listen(server)
  return { url, close: () => close(server) }
}
