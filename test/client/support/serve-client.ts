import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { RefreshServer } from './refresh-server'

/**
 * Serves the client compiled to ES modules under `/client/`, as a bundler would resolve it:
 * tsc keeps import specifiers as written (`./start-timer`, without `.js`), so both are served.
 */
export function serveClient(server: RefreshServer, outDir: string): void {
  for (const name of readdirSync(outDir).filter((file) => file.endsWith('.js'))) {
    const module = { status: 200, contentType: 'text/javascript; charset=utf-8', body: readFileSync(join(outDir, name), 'utf8') }
    server.files.set(`/client/${name}`, module)
    server.files.set(`/client/${name.slice(0, -'.js'.length)}`, module)
  }
}

/** A page running `script` as a module, `jwt-hooks/client` being the served client. */
export function modulePage(script: string): { status: number; contentType: string; body: string } {
  const body = `<!doctype html><title>client</title><script type="module">${script.replaceAll("'jwt-hooks/client'", "'/client/index.js'")}</script>`
  return { status: 200, contentType: 'text/html; charset=utf-8', body }
}
