import { configuredKeys } from '../config/configured-keys'
import type { JwtConfig } from '../config/jwt-config'
import { publicJwk, type PublicJwk } from '../core/keys/public-jwk'
import type { TokenSigner } from './create-token-signer'

/** A published JSON Web Key Set (RFC 7517 §5). */
export interface PublishedJwks {
  keys: readonly PublicJwk[]
}

/**
 * The key set other services verify this one's tokens with (`jwksUrl`): the public half of the
 * signing key, then the public keys of `settings.jwt.keys` still verified (a rotation's previous
 * keys), one per kid. Never a private part, never a shared secret: signing with a secret
 * publishes `{ keys: [] }`.
 * @param signer the sessions' signer (none: nothing is signed here).
 * @param config the `settings.jwt.*` keys.
 * @throws ConfigError when `settings.jwt.keys` cannot be read.
 */
export function publishedJwks(signer: TokenSigner | undefined, config: JwtConfig): PublishedJwks {
  const keys: PublicJwk[] = []
  const kids = new Set<string | undefined>()
  if (signer?.publicJwk !== undefined) {
    keys.push(signer.publicJwk)
    kids.add(signer.publicJwk.kid)
  }
  const configured = config.keys === undefined ? [] : (configuredKeys(config)?.keys ?? [])
  for (const { key, kid, alg } of configured) {
    if (key.type === 'secret' || (kid !== undefined && kids.has(kid))) continue
    kids.add(kid)
    keys.push(Object.freeze(publicJwk(key, kid, alg)))
  }
  return Object.freeze({ keys: Object.freeze(keys) })
}
