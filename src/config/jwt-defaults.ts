import type { Defaults } from '../core/types'
import { getJwtConfig, KEY_HINT, KEY_NAME } from './jwt-config'

/** What doors hand the core for the options a user left out: read once, on first request. */
export function jwtDefaults(): Defaults {
  const config = getJwtConfig()
  return {
    secretOrPublicKey: config.secretOrPublicKey,
    keySource: config.secretOrPublicKeySource && `"${KEY_NAME}" from ${config.secretOrPublicKeySource}`,
    cookieName: config.cookieName,
    keyHint: KEY_HINT,
  }
}
