import type { PublishedJwks } from '../tokens/published-jwks'
import type { Endpoint, EndpointAnswer } from './endpoint'

/** Where a key set is published (RFC 8414 §2's `jwks_uri`, at the place every issuer uses). */
export const JWKS_PATH = '/.well-known/jwks.json'

// Public keys, the same for every caller: caches may keep them a while, as Auth0's are kept.
const CACHE = Object.freeze({ 'Cache-Control': 'public, max-age=300' }) as Record<string, string>

/**
 * `GET /.well-known/jwks.json`: the public signing keys `{ keys: [...] }`, built once; the answer
 * is the same for every request and reads nothing of it.
 * @param jwks from `publishedJwks`.
 */
export function createJwksEndpoint(jwks: PublishedJwks): Endpoint {
  const answer: EndpointAnswer = Object.freeze({ status: 200, body: jwks as unknown as Record<string, unknown>, headers: CACHE })
  return async () => answer
}
