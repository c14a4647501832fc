import type { IncomingMessage } from 'node:http'

/**
 * Reads a request body of at most `limit` bytes. Past the limit it stops collecting at once
 * and answers `tooLarge` (the rest is discarded as it arrives); a client that goes away answers
 * `aborted`. Never rejects.
 *
 * @param req - The request.
 * @param limit - The most bytes accepted.
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer | 'tooLarge' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (value: Buffer | 'tooLarge' | 'aborted') => {
      if (settled) return
      settled = true
      req.removeListener('data', onData)
      resolve(value)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        settle('tooLarge')
        req.resume() // keep draining what is still coming, without keeping it
      } else chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => settle(Buffer.concat(chunks, size)))
    req.on('error', () => settle('aborted'))
    req.on('close', () => settle(req.complete ? Buffer.concat(chunks, size) : 'aborted'))
  })
}
