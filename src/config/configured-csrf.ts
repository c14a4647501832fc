import { cookieSettingsFromConfig } from '../cookies/configured-cookie-settings'
import { createUnverifiableCsrf } from '../core/pipeline/normalize-authorize-options'
import type { JWTOptions } from '../core/types'
import type { JwtConfig } from './jwt-config'

/**
 * The CSRF options of a cookie door whose key comes from the configuration: the cookie helpers'
 * own CSRF settings (the key derived from `settings.jwt.secretOrPublicKey` when it is a shared
 * secret, else from `settings.jwt.privateKey`), so the door accepts the `XSRF-TOKEN` cookie that
 * `setAuthCookies` set. `settings.jwt.csrf: false` in cookie mode turns the check off when the
 * door's options do not say. With only a public key configured there is no secret to check
 * with: unsafe methods are refused (403 `invalid_csrf_token`) until `csrfSecret` is given.
 * @param hasKeys whether the configuration has a key at all (without one, every token is row 1).
 */
export function configuredCsrf(options: JWTOptions, config: JwtConfig, hasKeys: boolean): Pick<JWTOptions, 'csrf' | 'csrfSecret'> {
  if (options.cookie !== true || options.csrf === false || options.csrfSecret !== undefined || !hasKeys) return {}
  if (options.csrf === undefined && config.cookie && !config.csrf) return { csrf: false }
  try {
    const settings = config.csrf ? cookieSettingsFromConfig(config) : cookieSettingsFromConfig({ ...config, csrf: true })
    return { csrfSecret: settings.csrf }
  } catch (error) {
    // The one refusal of cookieSettingsFromConfig that is about the secret: a public key only.
    if (!(error instanceof TypeError) || !(error as Error).message.includes('"settings.jwt.csrf"')) throw error
    return { csrfSecret: createUnverifiableCsrf() }
  }
}
