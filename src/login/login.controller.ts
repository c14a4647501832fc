import {
  Context,
  dependency,
  HttpResponse,
  HttpResponseBadRequest,
  HttpResponseClientError,
  HttpResponseOK,
  HttpResponseServerError,
  HttpResponseTooManyRequests,
  Post,
} from '@foal/core'

import { getJwtConfig } from '../config/jwt-config'
import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { cookieSettingsFromConfig } from '../cookies/configured-cookie-settings'
import { setAuthCookies } from '../cookies/foal-cookies'
import type { User } from '../typeorm/user.entity'
import { checkCredentials } from './check-credentials'
import { checkPassword } from './check-password'
import { createClientAddress, type AddressSource } from './client-address'
import { dummyPasswordHash } from './dummy-password-hash'
import { HashingQueue } from './hashing-queue.service'
import { LOGIN_ANSWERS, requestError } from './login-answers'
import { LoginAttempts } from './login-attempts.service'
import { TokenIssuer } from './token-issuer.service'

const BAD_CREDENTIALS = { code: LOGIN_ANSWERS.badCredentials.code, description: LOGIN_ANSWERS.badCredentials.description }
const TOO_MANY = { code: LOGIN_ANSWERS.tooManyAttempts.code, description: LOGIN_ANSWERS.tooManyAttempts.description }
// The hashing queue drains in about a second (32 waiting, a few in flight, ~50-100 ms per hash).
const HASHING_RETRY_AFTER = 1

/**
 * `POST /login` with a JSON body `{ email, password }`: answers `{ token, expiresAt }` for a
 * `User` whose password matches. The token carries `sub` (the user id), `email` and a unique `jti`, lives
 * `settings.jwt.expiresIn`, and is signed with the configured secret (HS256) or
 * `settings.jwt.privateKey`, so `JWTRequired()` accepts it. With `settings.jwt.cookie` on, it is
 * also set as the HttpOnly cookie `settings.jwt.cookieName` (SameSite per
 * `settings.jwt.cookieSameSite`, Secure per `settings.jwt.cookieSecure` and over HTTPS), with the
 * `XSRF-TOKEN` cookie while `settings.jwt.csrf` is on (see `setAuthCookies`).
 *
 * Refusals: 400 `{ code: 'invalid_request', description, errors: [{ property, constraints }] }`
 * for a body that is not a JSON object of exactly those two valid properties; 401
 * `{ code: 'invalid_credentials', … }` alike for an unknown email and a wrong password; 429
 * `{ code: 'too_many_attempts', … }` with `Retry-After` once an email or an address group has had
 * its 5 free failures and must wait (see `LoginAttempts`; the client address follows
 * `settings.jwt.trustProxy`); 503 with `Retry-After` and an empty body when there is no room to
 * count the attempt or to hash the password (see `HashingQueue`). Needs a TypeORM DataSource with `User`.
 * Malformed JSON never reaches a controller: Foal's own parser answers it (400 `{ body, message }`,
 * echoing the body, password included); put `parseJsonBody` first and it answers in the shape above:
 * `createApp(AppController, { preMiddlewares: [parseJsonBody] })`.
 * @example
 * class AppController {
 *   subControllers = [controller('/auth', LoginController)]
 * }
 */
export class LoginController {
  @dependency
  attempts!: LoginAttempts

  @dependency
  tokens!: TokenIssuer

  @dependency
  hashing!: HashingQueue

  private clientAddress: ((request: AddressSource) => string) | undefined
  private cookies: AuthCookieSettings | undefined

  async boot(): Promise<void> {
    this.clientAddress = createClientAddress(getJwtConfig().trustProxy)
    // Checked now: a cookie setting that cannot work stops the app at startup.
    this.cookies = getJwtConfig().cookie ? cookieSettingsFromConfig() : undefined
    // Computed now, so the first unknown email is not the one answer that takes twice as long.
    await dummyPasswordHash()
  }

  @Post('/login')
  async login(ctx: Context): Promise<HttpResponse> {
    // JSON only: a form post can be sent cross-site without a CORS preflight (login CSRF).
    if (!ctx.request.is('application/json')) return badRequest(requestError(LOGIN_ANSWERS.notJson))
    const checked = await checkCredentials(ctx.request.body)
    if ('refused' in checked) return badRequest(requestError(checked.refused, checked.errors))
    const { email, password } = checked.credentials
    this.clientAddress ??= createClientAddress(getJwtConfig().trustProxy)

    const admission = await this.attempts.begin(email, this.clientAddress(ctx.request))
    if ('refused' in admission) {
      const refusal = admission.refused === 'throttled' ? new HttpResponseTooManyRequests(TOO_MANY) : new HttpResponseBusy()
      return refusal.setHeader('Retry-After', String(admission.retryAfter))
    }
    const checking = this.hashing.run(() => checkPassword(email, password))
    if (checking === undefined) {
      await this.attempts.cancel(admission.attempt)
      return new HttpResponseBusy().setHeader('Retry-After', String(HASHING_RETRY_AFTER))
    }
    const user = await checking
    if (user === undefined) return new HttpResponseBadCredentials(BAD_CREDENTIALS)
    await this.attempts.succeed(admission.attempt)
    return this.tokenAnswer(user, ctx)
  }

  private tokenAnswer(user: User, ctx: Context): HttpResponse {
    const { token, exp } = this.tokens.issue(user)
    const expires = new Date(exp * 1000)
    // RFC 6749 §5.1: a response carrying a token must not be cached.
    const response = new HttpResponseOK({ token, expiresAt: expires.toISOString() }).setHeader('Cache-Control', 'no-store')
    if (this.tokens.cookie === undefined) return response
    this.cookies ??= cookieSettingsFromConfig()
    return setAuthCookies(response, { accessToken: token }, ctx.request, this.cookies)
  }
}

// Foal's HttpResponseUnauthorized sends an empty WWW-Authenticate, which is no challenge at all
// (RFC 7235 §4.1); a password form has no standard scheme, so this 401 sends none.
class HttpResponseBadCredentials extends HttpResponseClientError {
  readonly statusCode = 401
  readonly statusMessage = 'UNAUTHORIZED'
}

// RFC 9110 §15.6.4: temporarily unable to handle the request, with Retry-After; an empty body.
class HttpResponseBusy extends HttpResponseServerError {
  readonly statusCode = LOGIN_ANSWERS.busy.status
  readonly statusMessage = 'SERVICE UNAVAILABLE'
}

function badRequest(body: ReturnType<typeof requestError>): HttpResponse {
  return new HttpResponseBadRequest(body)
}
