import { HttpResponseClientError, HttpResponseServerError } from '@foal/core'

import { LOGIN_ANSWERS } from './login-answers'

/** Where the login cookie goes, when `settings.jwt.cookie` is on. */
export interface LoginCookie {
  name: string
  secure: boolean
}

// Foal's HttpResponseUnauthorized sends an empty WWW-Authenticate, which is no challenge at all
// (RFC 7235 §4.1); a password form has no standard scheme, so this 401 sends none.
export class HttpResponseBadCredentials extends HttpResponseClientError {
  readonly statusCode = 401
  readonly statusMessage = 'UNAUTHORIZED'
}

// RFC 9110 §15.6.4: temporarily unable to handle the request, with Retry-After; an empty body.
export class HttpResponseBusy extends HttpResponseServerError {
  readonly statusCode = LOGIN_ANSWERS.busy.status
  readonly statusMessage = 'SERVICE UNAVAILABLE'
}

// The session store failed: an empty 503 without Retry-After, as the hooks' own 503.
export class HttpResponseStoreFault extends HttpResponseServerError {
  readonly statusCode = 503
  readonly statusMessage = 'SERVICE UNAVAILABLE'
}
