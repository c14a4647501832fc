import type { VerificationKey } from './key-resolver'
import { JwksFetchError } from './fetch-jwks'
import { isJwk, parseJwk, privateMemberOf } from './parse-jwk'

/**
 * The keys of a fetched JWKS that verify signatures. Encryption keys and key types no algorithm
 * takes are passed over, as any JWKS may hold them; a private key or a shared secret is never
 * loaded (it is said in the log: someone published what must stay secret); a second key with a
 * `kid` already seen is passed over.
 * @throws JwksFetchError when the body is no JWKS at all.
 */
export function readPublishedKeys(jwks: unknown, shown: string): VerificationKey[] {
  const keys = (jwks as { keys?: unknown } | null)?.keys
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(keys)) throw new JwksFetchError('its body is not a JWKS (an object with a "keys" list)')
  const read: VerificationKey[] = []
  const kids = new Set<string>()
  keys.forEach((jwk, i) => {
    if (isJwk(jwk) && (jwk.kty === 'oct' || privateMemberOf(jwk) !== undefined)) {
      console.error(`jwt-hooks: the key set at ${shown}, key ${i + 1}: a private key or a shared secret, published: not loaded`)
      return
    }
    let key: VerificationKey
    try {
      key = parseJwk(jwk, `the key set at ${shown}`, `key ${i + 1}`, false)
    } catch {
      return
    }
    if (key.kid !== undefined) {
      if (kids.has(key.kid)) return
      kids.add(key.kid)
    }
    read.push(key)
  })
  return Object.freeze(read) as VerificationKey[]
}
