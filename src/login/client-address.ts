import { isIP } from 'node:net'

/** `settings.jwt.trustProxy`: false (no proxy), true (every hop), or how many proxies to trust. */
export type TrustProxy = boolean | number

/** What a client address is read from: the socket and the request headers (Node's, in lower case). */
export interface AddressSource {
  socket?: { remoteAddress?: string }
  headers: Record<string, string | string[] | undefined>
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const
const SHOWN = { 'x-forwarded-for': 'X-Forwarded-For', forwarded: 'Forwarded', 'x-real-ip': 'X-Real-IP' }

/**
 * Builds, once, what reads a request's client address as `settings.jwt.trustProxy` says: the
 * socket's address, or with trusted proxies the X-Forwarded-For entry that many hops from the
 * socket (Express's `trust proxy` rule). Only entries that are IP addresses are believed: the
 * walk stops at the first that is not. The first request carrying forwarding headers that are not
 * trusted is said once in the log (header names only, never their values): behind a proxy
 * that nobody trusts, every client shares the proxy's address and its attempt limit.
 * @param trust the setting, already checked.
 * @param warn where the one warning goes.
 */
export function createClientAddress(trust: TrustProxy, warn: (message: string) => void = console.warn): (request: AddressSource) => string {
  let warned = false
  return function clientAddress({ socket, headers }) {
    const remote = socket?.remoteAddress ?? 'unknown'
    const forwardedFor = headers['x-forwarded-for']
    if (!warned) {
      // Trusted, X-Forwarded-For is read; the others are only when it is absent.
      const read = (name: string) => trust !== false && (name === 'x-forwarded-for' || forwardedFor !== undefined)
      const ignored = FORWARDING_HEADERS.filter((name) => headers[name] !== undefined && !read(name))
      if (ignored.length > 0) {
        warned = true
        warn(warningFor(ignored.map((name) => SHOWN[name]), trust))
      }
    }
    if (trust === false || forwardedFor === undefined) return remote
    // Nearest hop first: the socket's peer appended the last entry.
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').reverse()
    const trusted = trust === true ? hops.length : Math.min(trust, hops.length)
    let address = remote
    for (let i = 0; i < trusted; i++) {
      const hop = withoutPort(hops[i].trim())
      if (isIP(hop) === 0) break
      address = hop
    }
    return address
  }
}

// `203.0.113.7:5678` and `[2001:db8::1]:443`, as some proxies write them.
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop)
  if (bracketed !== null) return bracketed[1]
  const ipv4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop)
  return ipv4 === null ? hop : ipv4[1]
}

function warningFor(names: string[], trust: TrustProxy): string {
  const carried = `login requests carry forwarding headers (${names.join(', ')})`
  if (trust === false) {
    return (
      `jwt-hooks: ${carried} but "settings.jwt.trustProxy" is false, so the client address is the proxy's ` +
      'and every client behind it shares one login attempt limit. Set SETTINGS_JWT_TRUST_PROXY (or ' +
      '"settings.jwt.trustProxy") to the number of proxies in front of the app. Said once.'
    )
  }
  return `jwt-hooks: ${carried} without X-Forwarded-For; only X-Forwarded-For is read ("settings.jwt.trustProxy"). Said once.`
}
