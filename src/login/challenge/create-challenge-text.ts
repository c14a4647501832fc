import { validateCapabilities } from '../../core/authorize/validate-capabilities'
import { parsePublicKey } from '../identity/parse-public-key'
import { CAPABILITIES, EXPIRATION_TIME, FIRST_LINE_END, NO_CAPABILITIES, NONCE, type ChallengeFields } from './challenge-fields'
import { ChallengeTextError } from './challenge-text-error'

// RFC 3986 host: a DNS name (ASCII, IDNs as punycode) or a bracketed IPv6 literal; then a port.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::[0-9]{1,5})?$/i
const NONCE_CHARS = /^[A-Za-z0-9_-]{22,128}$/
// A scope may hold any character but `,` and `:`; the ones that could fake a line, reorder the
// text (bidi controls) or hide in it (other spaces, unassigned) have no place in what a user reads.
const UNREADABLE = /(?! )[\p{C}\p{Z}]/u

type ChallengeInput = Omit<ChallengeFields, 'expiresAt'> & { readonly expiresAt: Date | number }

/**
 * Writes the text a client signs to prove it holds a key, in the spirit of Sign-In with Ethereum
 * (EIP-4361): readable, and naming all it is good for, so a signature for one site, key, set of
 * capabilities or time is useless for another. The verifier keeps the text it issued and compares
 * it byte for byte.
 *
 * ```text
 * example.com wants you to sign in with your Ed25519 key:
 * 8pinxxgqs41n4aididenw5apqp1urfmzdztr8jt4abrkdn435ewo
 *
 * Capabilities: /pub/example.com/:rw
 * Nonce: 1DXTtMl5hr2RSnLQhX5FxQ
 * Expiration Time: 2030-01-01T00:05:00.000Z
 * ```
 *
 * @param fields - The host, key, capabilities, nonce and expiry to name.
 * @throws ChallengeTextError naming the field that cannot be written (a host that is not one, a
 *   key that is not canonical z-base-32, capabilities not normalized or unreadable, a nonce under
 *   128 bits or not base64url, an invalid date).
 * @example
 * const text = createChallengeText({ host: 'example.com', publicKeyZ32: key.z32, caps: '', nonce: createChallengeNonce(), expiresAt: Date.now() + 300_000 })
 */
export function createChallengeText({ host, publicKeyZ32, caps, nonce, expiresAt }: ChallengeInput): string {
  if (typeof host !== 'string' || host.length > 261 || !HOST.test(host)) fail('host', 'The host is not a valid host name or address (with an optional port).')
  if (!isZ32Key(publicKeyZ32)) fail('publicKey', 'The public key is not the z-base-32 form of a valid Ed25519 key.')
  if (!isNormalized(caps)) fail('caps', 'The capabilities are not a normalized capabilities string.')
  if (UNREADABLE.test(caps)) fail('caps', 'The capabilities hold control, format or space characters other than U+0020.')
  if (typeof nonce !== 'string' || !NONCE_CHARS.test(nonce)) fail('nonce', 'The nonce must be 22 to 128 base64url characters (at least 128 bits).')
  const expiry = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt
  if (typeof expiry !== 'number' || !Number.isFinite(expiry) || Math.abs(expiry) > 8.64e15) fail('expiresAt', 'The expiry is not a valid date.')
  return [
    `${host}${FIRST_LINE_END}`,
    publicKeyZ32,
    '',
    `${CAPABILITIES}${caps === '' ? NO_CAPABILITIES : caps}`,
    `${NONCE}${nonce}`,
    `${EXPIRATION_TIME}${new Date(expiry).toISOString()}`,
  ].join('\n')
}

function isZ32Key(text: unknown): boolean {
  if (typeof text !== 'string' || text.length !== 52) return false
  try {
    return parsePublicKey(text).z32 === text
  } catch {
    return false
  }
}

function isNormalized(caps: unknown): boolean {
  if (typeof caps !== 'string') return false
  try {
    return validateCapabilities(caps) === caps
  } catch {
    return false
  }
}

function fail(field: ChallengeTextError['field'], message: string): never {
  throw new ChallengeTextError(field, message)
}
