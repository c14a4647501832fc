import { Context, dependency, HttpResponse, HttpResponseBadRequest, HttpResponseTooManyRequests, Post } from '@foal/core'

import { getJwtConfig } from '../config/jwt-config'
import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'
import { cookieSettingsFromConfig } from '../cookies/configured-cookie-settings'
import { foalEndpoints } from '../foal/foal-endpoints'
import { runEndpoint } from '../foal/foal-endpoint'
import { Sessions } from '../tokens/sessions'
import { StoreUnavailableError } from '../tokens/store-unavailable-error'
import { checkCredentials } from './check-credentials'
import { checkPassword } from './check-password'
import { createClientAddress, type AddressSource } from './client-address'
import { dummyPasswordHash } from './dummy-password-hash'
import { HashingQueue } from './hashing-queue.service'
import { LOGIN_ANSWERS, requestError } from './login-answers'
import { LoginAttempts } from './login-attempts.service'
import { loginSessionResponse } from './login-session-response'
import { HttpResponseBadCredentials, HttpResponseBusy, HttpResponseStoreFault } from './login-responses'

const BAD_CREDENTIALS = { code: LOGIN_ANSWERS.badCredentials.code, description: LOGIN_ANSWERS.badCredentials.description }
const TOO_MANY = { code: LOGIN_ANSWERS.tooManyAttempts.code, description: LOGIN_ANSWERS.tooManyAttempts.description }
// The hashing queue drains in about a second (32 waiting, a few in flight, ~50-100 ms per hash).
const HASHING_RETRY_AFTER = 1

/**
 * `POST /login` with a JSON body `{ email, password }`: signs in a `User` whose password matches
 * and answers `TOKENS` `{ accessToken, refreshToken, expiresAt, token }` (`token` is the access
 * token, as the earlier answer had it). The sign-in is a session of the `Sessions` service
 * (`issueSession`); the access token carries `sub` (the user id), `sid`, `email`, a unique `jti`,
 * lives `settings.jwt.expiresIn` (never past the session's end), and is signed with the
 * configured secret (HS256) or `settings.jwt.privateKey`, so `JWTRequired()` accepts it. With
 * `settings.jwt.cookie` on, it is also set as the HttpOnly cookie `settings.jwt.cookieName` (SameSite
 * per `settings.jwt.cookieSameSite`, Secure per `settings.jwt.cookieSecure` and over HTTPS), the
 * refresh token as the HttpOnly cookie `<cookieName>_refresh` on `/auth`, ending with the session
 * (and left out of the body), with the `XSRF-TOKEN` cookie while `settings.jwt.csrf` is on (see
 * `setAuthCookies`); `/refresh` and `/logout` then read the refresh cookie too.
 *
 * `POST /refresh` `{ refreshToken }` rotates a refresh token (the next `TOKENS`, or 400
 * `invalid_grant`); `POST /logout` revokes the session of a Bearer access token or of a body
 * `{ refreshToken }` (204). A store fault is a 503 with an empty body.
 *
 * Refusals: 400 `{ code: 'invalid_request', description, errors: [{ property, constraints }] }`
 * for a body that is not a JSON object of exactly those two valid properties; 401
 * `{ code: 'invalid_credentials', … }` alike for an unknown email and a wrong password; 429
 * `{ code: 'too_many_attempts', … }` with `Retry-After` once an email or an address group has had
 * its 5 free failures and must wait (see `LoginAttempts`; the client address follows
 * `settings.jwt.trustProxy`); 503 with `Retry-After` and an empty body when there is no room to
 * count the attempt or to hash the password (see `HashingQueue`); 503 with an empty body when the
 * attempt store (Redis, for many instances) or the session store fails. Needs a TypeORM DataSource with `User`.
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
  sessions!: Sessions

  @dependency
  hashing!: HashingQueue

  private settings: { clientAddress: (request: AddressSource) => string; cookies: AuthCookieSettings | undefined } | undefined

  async boot(): Promise<void> {
    // Checked now: a bad key or a cookie setting that cannot work stops the app at startup.
    this.configure()
    foalEndpoints(this.sessions)
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
    const counted = await this.counted(() => this.attempts.begin(email, this.configure().clientAddress(ctx.request)))
    if (counted === undefined) return new HttpResponseStoreFault()
    const admission = counted.value
    if ('refused' in admission) {
      const refusal = admission.refused === 'throttled' ? new HttpResponseTooManyRequests(TOO_MANY) : new HttpResponseBusy()
      return refusal.setHeader('Retry-After', String(admission.retryAfter))
    }
    const checking = this.hashing.run(() => checkPassword(email, password))
    if (checking === undefined) {
      await this.counted(() => this.attempts.cancel(admission.attempt))
      return new HttpResponseBusy().setHeader('Retry-After', String(HASHING_RETRY_AFTER))
    }
    const user = await checking
    if (user === undefined) return new HttpResponseBadCredentials(BAD_CREDENTIALS)
    // Not signed in unless the success is recorded: the throttle must not keep counting it.
    if ((await this.counted(() => this.attempts.succeed(admission.attempt))) === undefined) return new HttpResponseStoreFault()
    return loginSessionResponse(this.sessions, user, ctx.request, this.configure().cookies, foalEndpoints(this.sessions).onFault)
  }

  /** A call of the attempt store (Redis, for many instances), whose fault is a 503 said in the log, not a 500. */
  private async counted<T>(call: () => Promise<T>): Promise<{ value: T } | undefined> {
    try {
      return { value: await call() }
    } catch (error) {
      foalEndpoints(this.sessions).onFault(new StoreUnavailableError('count a login attempt', error))
      return undefined
    }
  }

  @Post('/refresh')
  refresh(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(foalEndpoints(this.sessions).refresh, ctx)
  }

  @Post('/logout')
  logout(ctx: Context): Promise<HttpResponse> {
    return runEndpoint(foalEndpoints(this.sessions).logout, ctx)
  }

  /** What the configuration decides, read once (at boot, or on the first request of an app that did not boot it). */
  private configure(): NonNullable<LoginController['settings']> {
    if (this.settings === undefined) {
      const config = getJwtConfig()
      this.settings = {
        clientAddress: createClientAddress(config.trustProxy),
        cookies: config.cookie ? cookieSettingsFromConfig(config) : undefined,
      }
    }
    return this.settings
  }
}

function badRequest(body: ReturnType<typeof requestError>): HttpResponse {
  return new HttpResponseBadRequest(body)
}
