import { createServer, type AddressInfo } from 'node:net'

/**
 * A port the kernel just handed out on 127.0.0.1. Another process may take it before the server
 * binds it, so callers retry with a new one when the server reports the address in use.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}
