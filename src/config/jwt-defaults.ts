import type { Defaults } from '../core/types'
import { getJwtConfig, KEY_HINT, KEY_NAME, resetJwtConfig } from './jwt-config'

/**
 * What doors hand the core for the options a user left out, from the configuration.
 * @param fresh read the configuration again (the key was missing at setup).
 */
export function jwtDefaults(fresh: boolean): Defaults {
  if (fresh) resetJwtConfig()
  const config = getJwtConfig()
  return {
    secretOrPublicKey: config.secretOrPublicKey,
    keySource: config.secretOrPublicKeySource && `"${KEY_NAME}" from ${config.secretOrPublicKeySource}`,
    cookieName: config.cookieName,
    keyHint: KEY_HINT,
    issuer: config.issuer,
    audience: config.audience,
  }
}
