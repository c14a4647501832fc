import { getJwtConfig, type JwtConfig } from '../config/jwt-config'
import { AuthCookieSettings, createAuthCookieSettings, type AuthCookieOptions } from './auth-cookie-settings'

const PEM_MARK = '-----BEGIN'
const fromConfig = new WeakMap<JwtConfig, AuthCookieSettings>()
const fromOptions = new WeakMap<AuthCookieOptions, AuthCookieSettings>()

/**
 * The cookie settings `settings.jwt.*` describe: `cookieName`, `cookieSameSite`, `cookieSecure`,
 * `trustProxy`, and with `csrf` on, a CSRF key derived from `secretOrPublicKey` when it is a
 * shared secret, else from `privateKey` (a public key is no secret).
 * @param config the configuration (default: the process's).
 * @throws TypeError when CSRF is on and there is no secret to derive its key from.
 */
export function cookieSettingsFromConfig(config: JwtConfig = getJwtConfig()): AuthCookieSettings {
  const kept = fromConfig.get(config)
  if (kept !== undefined) return kept
  const settings = createAuthCookieSettings({
    cookieName: config.cookieName,
    sameSite: config.cookieSameSite,
    secure: config.cookieSecure,
    trustProxy: config.trustProxy,
    csrf: config.csrf ? { secret: csrfSecret(config) } : false,
  })
  fromConfig.set(config, settings)
  return settings
}

/**
 * Settings as given, options checked once (kept for the same object), or the configuration's.
 * @param given what a caller passed to setAuthCookies / removeAuthCookies.
 */
export function resolveCookieSettings(given: AuthCookieSettings | AuthCookieOptions | undefined): AuthCookieSettings {
  if (given instanceof AuthCookieSettings) return given
  if (given === undefined) return cookieSettingsFromConfig()
  let settings = fromOptions.get(given)
  if (settings === undefined) {
    settings = createAuthCookieSettings(given)
    fromOptions.set(given, settings)
  }
  return settings
}

function csrfSecret(config: JwtConfig): string {
  const key = config.secretOrPublicKey
  if (key !== undefined && !key.includes(PEM_MARK) && !key.trimStart().startsWith('{')) return key
  if (config.privateKey !== undefined) return config.privateKey
  throw new TypeError(
    'jwt-hooks: "settings.jwt.csrf" needs a secret to sign CSRF tokens: a shared secret in "settings.jwt.secretOrPublicKey" ' +
      '(a public key is no secret), or "settings.jwt.privateKey"; or give the cookie helpers a "csrf.secret"',
  )
}
