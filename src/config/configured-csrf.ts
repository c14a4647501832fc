import { cookieSettingsFromConfig } from '../cookies/configured-cookie-settings'
import type { JWTOptions } from '../core/types'
import type { JwtConfig } from './jwt-config'

/**
 * The CSRF options of a cookie door whose key comes from the configuration: the cookie helpers'
 * own CSRF settings (the key derived from `settings.jwt.secretOrPublicKey` when it is a shared
 * secret, else from `settings.jwt.privateKey`), so the door accepts the `XSRF-TOKEN` cookie that
 * `setAuthCookies` set. `settings.jwt.csrf: false` in cookie mode turns the check off when the
 * door's options do not say.
 * @param hasKeys whether the configuration has a key at all (without one, every token is row 1).
 * @throws TypeError when CSRF is on and the configuration holds no secret to derive its key from.
 */
export function configuredCsrf(options: JWTOptions, config: JwtConfig, hasKeys: boolean): Pick<JWTOptions, 'csrf' | 'csrfSecret'> {
  if (options.cookie !== true || options.csrf === false || options.csrfSecret !== undefined || !hasKeys) return {}
  if (options.csrf === undefined && config.cookie && !config.csrf) return { csrf: false }
  try {
    const settings = config.csrf ? cookieSettingsFromConfig(config) : cookieSettingsFromConfig({ ...config, csrf: true })
    return { csrfSecret: settings.csrf }
  } catch (error) {
    if (!(error instanceof TypeError) || !(error as Error).message.includes('"settings.jwt.csrf"')) throw error
    throw new TypeError(
      'jwt-hooks: "csrf" is on for this cookie door and needs a secret to check CSRF tokens: a shared secret in "settings.jwt.secretOrPublicKey" ' +
        '(a public key is no secret), or "settings.jwt.privateKey"; or give the door "csrfSecret", or "csrf: false"',
    )
  }
}
