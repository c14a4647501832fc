import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

import { close, listen } from '../../support/http'

/** How the server answers a request for the key set, changed by the test as it goes. */
export type Behaviour = (request: IncomingMessage, response: ServerResponse) => void

/** A key set served on 127.0.0.1 that counts what it is asked, path by path. */
export interface JwksServer {
  url: string
  /** Every request, as `GET /path`. */
  hits: string[]
  /** Requests for the key set's own path. */
  fetches(): number
  /** Answers with this JWKS from now on. */
  serve(jwks: unknown): void
  /** Answers however the test says from now on. */
  behave(behaviour: Behaviour): void
  /** Stops listening: later fetches find nothing there. */
  stop(): Promise<void>
}

export const JWKS_PATH = '/.well-known/jwks.json'

export async function startJwksServer(jwks: unknown): Promise<JwksServer> {
  const hits: string[] = []
  const json = (body: unknown): Behaviour => (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  let behaviour = json(jwks)
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`)
    if (request.url !== JWKS_PATH) return void response.writeHead(404).end()
    behaviour(request, response)
  })
  const base = await listen(server)
  let stopped = false
  return {
    url: `${base}${JWKS_PATH}`,
    hits,
    fetches: () => hits.filter((hit) => hit === `GET ${JWKS_PATH}`).length,
    serve: (next) => {
      behaviour = json(next)
    },
    behave: (next) => {
      behaviour = next
    },
    stop: async () => {
      if (stopped) return
      stopped = true
      await close(server)
    },
  }
}
