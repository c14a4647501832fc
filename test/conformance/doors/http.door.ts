import { createServer, type RequestListener } from 'node:http'

import { jwtOptional, jwtRequired } from '../../../src/adapters/http'
import { close, listen } from '../../support/http'
import { answerOf, type Door } from '../routes'

/** Plain node:http: a map from path to the wrapped handler. */
export const httpDoor: Door = {
  name: 'node:http',
  async start(routes) {
    const listeners = new Map<string, RequestListener>()
    for (const route of routes) {
      const door = route.mode === 'required' ? jwtRequired : jwtOptional
      const listener = door(route.options, route.verifyOptions)((req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(answerOf(route, req.user)))
      })
      listeners.set(route.path, listener)
    }
    const server = createServer((req, res) => {
      const listener = listeners.get(new URL(req.url ?? '/', 'http://localhost').pathname)
      if (listener !== undefined) return listener(req, res)
      res.writeHead(404).end()
    })
    const url = await listen(server)
    return { url, close: () => close(server) }
  },
}
