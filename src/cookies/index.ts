/** The auth cookies of cookie mode, for every door: one planner, one serializer. */
export { AuthCookieSettings, createAuthCookieSettings, type AuthCookieOptions, type CookiePlace, type SameSite } from './auth-cookie-settings'
export { cookieSettingsFromConfig, resolveCookieSettings } from './configured-cookie-settings'
export { isHttpsRequest, type ProtocolSource } from './is-https-request'
export { planAuthCookies, planCookieRemoval, type AuthTokens } from './plan-auth-cookies'
export { serializeCookie, type CookieSpec } from './serialize-cookie'
