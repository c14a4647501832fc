import { createPublicKey, type KeyObject } from 'node:crypto'

/** A public signing key as a key set publishes it (RFC 7517 §4): never a private member. */
export interface PublicJwk {
  kty: string
  kid?: string
  alg?: string
  use: 'sig'
  [member: string]: unknown
}

/**
 * The public half of an asymmetric key as a JWK, with its `kid`, its `alg` when known and
 * `use: "sig"`: what `/.well-known/jwks.json` publishes. A private key gives its public half only.
 * @param key a public or private key (RSA, EC, OKP).
 * @param kid what tokens signed with it name in their header.
 * @param alg the one algorithm it signs, if known.
 * @throws TypeError for a shared secret: it is never published.
 */
export function publicJwk(key: KeyObject, kid: string | undefined, alg: string | undefined): PublicJwk {
  if (key.type === 'secret') throw new TypeError('jwt-hooks: a shared secret is never published in a key set')
  // Exported from the public half: whatever the input, no "d", "p", "q"… can be in it.
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' }) as Record<string, unknown>
  return { ...jwk, ...(kid !== undefined && { kid }), ...(alg !== undefined && { alg }), use: 'sig' } as PublicJwk
}
