/** CSRF protection for cookie mode (double submit, a token bound to the session): no framework. */
export { checkCsrf, type CsrfRefusal, type CsrfRequest, type CsrfSubject } from './check-csrf'
export { createCsrfToken, type CsrfClaims, type CsrfSession } from './create-csrf-token'
export { createCsrfSettings, CSRF_COOKIE_NAME, CsrfSettings, type CsrfOptions, type CsrfSecret } from './csrf-settings'
export { verifyCsrfToken } from './verify-csrf-token'
