import type { IncomingHttpHeaders } from 'node:http'

import { readCookie } from '../core/extract/read-cookie'
import type { RequestLike } from '../core/types'

/**
 * What every framework door hands the core: node's header map, the method, the request target,
 * and the cookies and body a parser (cookie-parser, @fastify/cookie, a body parser) already read,
 * when the app installed one.
 */
export class NodeRequest implements RequestLike {
  // Not named `headers`: the core searches a `headers` map in any case when a lookup misses, and
  // Node's names are lower-case already, so a miss here is final.
  constructor(
    private readonly nodeHeaders: IncomingHttpHeaders,
    readonly method: string | undefined,
    readonly path: string | undefined,
    private readonly cookies?: Record<string, unknown>,
    /** What a body parser read before the door ran (express.json(), @fastify/formbody…): for `_csrf`. */
    readonly body?: unknown,
  ) {}

  header(name: string): string | undefined {
    // RFC 9110 §5.1: field names are case-insensitive; node keeps them lower-cased, and the core
    // asks in lower case.
    const value = this.nodeHeaders[name]
    return typeof value === 'string' ? value : undefined
  }

  cookie(name: string): string | undefined {
    if (this.cookies === undefined || this.cookies === null) return readCookie(this.nodeHeaders.cookie, name)
    // cookie-parser turns `j:` values into objects, and a plain object answers `constructor`:
    // only a string can be a token.
    const value = this.cookies[name]
    return typeof value === 'string' ? value : undefined
  }
}
