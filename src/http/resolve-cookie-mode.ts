import { getJwtConfig } from '../config/jwt-config'
import { AuthCookieSettings, createAuthCookieSettings, type AuthCookieOptions } from '../cookies/auth-cookie-settings'
import { cookieSettingsFromConfig } from '../cookies/configured-cookie-settings'

/** The `cookies` option of the endpoints that sign in, refresh or sign out. */
export type CookieModeOption = boolean | AuthCookieSettings | AuthCookieOptions

/**
 * The cookies of cookie mode, or undefined when it is off: `true` the cookies `settings.jwt.*`
 * describe; settings or options of `createAuthCookieSettings`; `false` off; left out, on when
 * `settings.jwt.cookie` is. Read once, when the endpoints are built.
 * @throws TypeError for bad cookie options.
 */
export function resolveCookieMode(option: CookieModeOption | undefined): AuthCookieSettings | undefined {
  if (option === false) return undefined
  if (option === true) return cookieSettingsFromConfig()
  if (option instanceof AuthCookieSettings) return option
  if (option !== undefined) return createAuthCookieSettings(option)
  const config = getJwtConfig()
  return config.cookie ? cookieSettingsFromConfig(config) : undefined
}
