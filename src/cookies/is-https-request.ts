/** What tells whether a request came over HTTPS: its socket, and its headers (Node's, lower case). */
export interface ProtocolSource {
  /** A TLS socket has `encrypted: true`. */
  socket?: object | null
  headers: Record<string, string | string[] | undefined>
}

/**
 * Whether the request came over HTTPS: a TLS socket, or, behind proxies that
 * `settings.jwt.trustProxy` trusts, an `X-Forwarded-Proto` whose first entry is `https` (the
 * proxy the client spoke to writes it first; Express's `req.protocol` reads it alike).
 * @param request the node request (`req.socket`, `req.headers`).
 * @param trustProxy false: the header is not believed (anyone can send it).
 */
export function isHttpsRequest(request: ProtocolSource | undefined, trustProxy: boolean | number): boolean {
  if (request === undefined) return false
  if ((request.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true) return true
  if (trustProxy === false || trustProxy === 0) return false
  const header = request.headers['x-forwarded-proto']
  const value = Array.isArray(header) ? header[0] : header
  if (typeof value !== 'string') return false
  const comma = value.indexOf(',')
  return (comma === -1 ? value : value.slice(0, comma)).trim().toLowerCase() === 'https'
}
