import { isIPv4, isIPv6 } from 'node:net'

/** Bits of an IPv6 address that name one customer's network (express-rate-limit's default). */
export const IPV6_PREFIX = 56

/**
 * The address group a client is throttled and recognised as: an IPv4 address itself; an IPv6
 * address by its /56 prefix (`2001:db8:1:200::/56`), since one customer is handed at least a /64
 * and often a /56, with 2^64 addresses to rotate through; an IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.7`, how a dual-stack socket shows an IPv4 client) as its IPv4 address.
 * Anything else (no address known) is kept as it is.
 * @param address a socket or forwarded address, without port.
 */
export function addressGroup(address: string): string {
  const bare = address.replace(/%.*$/, '') // RFC 4007 zone (fe80::1%eth0)
  if (isIPv4(bare)) return bare
  if (!isIPv6(bare)) return address
  const words = ipv6Words(bare)
  if (words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff) {
    return [words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff].join('.')
  }
  const prefix = [words[0], words[1], words[2], words[3] & 0xff00].map((word) => word.toString(16))
  return `${prefix.join(':')}::/${IPV6_PREFIX}`
}

/** The eight 16-bit words of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Words(address: string): number[] {
  let text = address.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number)
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const parse = (part: string | undefined) => (part ? part.split(':').map((word) => parseInt(word, 16)) : [])
  const first = parse(head)
  const last = parse(tail)
  return tail === undefined ? first : [...first, ...Array(8 - first.length - last.length).fill(0), ...last]
}
