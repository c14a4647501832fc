import { request } from 'node:http'

import { readReply, type Reply } from '../../login/support/request'

/** POSTs raw bytes over real HTTP: with a Content-Length, or chunked (`chunks`, none stated). */
export function postBytes(url: string, body: Buffer | Buffer[], headers: Record<string, string> = { 'content-type': 'application/octet-stream' }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const length = Array.isArray(body) ? {} : { 'content-length': String(body.length) }
    const req = request(url, { method: 'POST', headers: { ...headers, ...length }, agent: false }, (res) => readReply(res).then(resolve, reject))
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', () => undefined)
    for (const chunk of Array.isArray(body) ? body : [body]) req.write(chunk)
    req.end()
  })
}
