import { KeyObject, randomBytes } from 'node:crypto'

import { createCapabilityCheck } from '../authorize/create-capability-check'
import { createCsrfSettings, CsrfSettings } from '../csrf/csrf-settings'
import type { JWTOptions } from '../types'
import type { AuthorizeSettings } from './create-authorize-step'

const PEM_MARK = '-----BEGIN'

/**
 * Checks the authorizing options once: `capabilities`, `permission`, and `csrf` with its secret.
 * CSRF is on by default for a door that reads the cookie (`csrf: false` turns it off); a door
 * that reads the `Authorization` header never needs it: a browser does not send that header
 * cross-site by itself. Its key is `csrfSecret`, else the door's own shared secret
 * (`secretOrPublicKey`), as the cookie helpers derive theirs from `settings.jwt.secretOrPublicKey`.
 * A door with a public key and no `csrfSecret` has no secret to check with: it fails closed
 * (every POST, PUT, PATCH and DELETE is 403 `invalid_csrf_token`; GET and HEAD go on).
 * @param cookieName the cookie the door reads the token from; undefined: the header.
 * @throws TypeError naming the option.
 */
export function normalizeAuthorizeOptions(options: JWTOptions, cookieName: string | undefined): AuthorizeSettings {
  const { capabilities, permission, csrf } = options
  if (capabilities !== undefined && typeof capabilities !== 'boolean') throw new TypeError('jwt-hooks: "capabilities" must be a boolean')
  if (csrf !== undefined && typeof csrf !== 'boolean') throw new TypeError('jwt-hooks: "csrf" must be a boolean')
  if (permission !== undefined) {
    if (typeof permission !== 'string' || permission === '') throw new TypeError('jwt-hooks: "permission" must be a non-empty string (a codeName)')
    if (options.user === undefined) {
      throw new TypeError('jwt-hooks: "permission" needs a "user" loader that loads the user with its permissions, such as fetchUserWithPermissions(User)')
    }
  }
  return {
    csrf: cookieName !== undefined && csrf !== false ? csrfSettingsOf(options) : undefined,
    capabilities: capabilities === true ? createCapabilityCheck() : undefined,
    permission,
  }
}

function csrfSettingsOf(options: JWTOptions): CsrfSettings | undefined {
  const { csrfSecret } = options
  if (csrfSecret instanceof CsrfSettings) return csrfSecret
  if (csrfSecret !== undefined) {
    try {
      return createCsrfSettings({ secret: csrfSecret })
    } catch (error) {
      throw new TypeError((error as Error).message.replace('"csrf.secret"', '"csrfSecret"'))
    }
  }
  const key = options.secretOrPublicKey
  const shared = sharedSecretOf(key)
  if (shared !== undefined) return createCsrfSettings({ secret: shared })
  // No key option: the key comes from the configuration, and so does this secret (or row 1).
  if (key === undefined && options.keys === undefined && options.jwksUrl === undefined) return undefined
  return createUnverifiableCsrf()
}

/**
 * CSRF settings no token verifies with: a key nobody holds. A cookie door with nothing to check
 * CSRF tokens with still refuses every unsafe request (fail closed), and a GET-only app on a
 * public key keeps working, as it did before the check existed.
 */
export function createUnverifiableCsrf(): CsrfSettings {
  return createCsrfSettings({ secret: randomBytes(32) })
}

// The same rule as for `settings.jwt.secretOrPublicKey`: a PEM or a JWK is a public key.
function sharedSecretOf(key: JWTOptions['secretOrPublicKey']): string | Buffer | KeyObject | undefined {
  if (key instanceof KeyObject) return key.type === 'secret' ? key : undefined
  if (typeof key === 'string') return key.includes(PEM_MARK) || key.trimStart().startsWith('{') ? undefined : key
  if (Buffer.isBuffer(key)) return key.includes(PEM_MARK) ? undefined : key
  return undefined
}
