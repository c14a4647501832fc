import {
  Context,
  dependency,
  HttpResponse,
  HttpResponseBadRequest,
  HttpResponseClientError,
  HttpResponseOK,
  HttpResponseTooManyRequests,
  Post,
  verifyPassword,
} from '@foal/core'

import { User } from '../typeorm/user.entity'
import { checkCredentials } from './check-credentials'
import { dummyPasswordHash } from './dummy-password-hash'
import { LOGIN_ANSWERS, requestError } from './login-answers'
import { LoginAttempts } from './login-attempts.service'
import { TokenIssuer } from './token-issuer.service'

const BAD_CREDENTIALS = { code: LOGIN_ANSWERS.badCredentials.code, description: LOGIN_ANSWERS.badCredentials.description }
const TOO_MANY = { code: LOGIN_ANSWERS.tooManyAttempts.code, description: LOGIN_ANSWERS.tooManyAttempts.description }

/**
 * `POST /login` with a JSON body `{ email, password }`: answers `{ token, expiresAt }` for a
 * `User` whose password matches. The token carries `sub` (the user id), `email` and a unique `jti`, lives
 * `settings.jwt.expiresIn`, and is signed with the configured secret (HS256) or
 * `settings.jwt.privateKey`, so `JWTRequired()` accepts it. With `settings.jwt.cookie` on, it is
 * also set as an HttpOnly, SameSite=Lax cookie named `settings.jwt.cookieName`.
 *
 * Refusals: 400 `{ code: 'invalid_request', description, errors: [{ property, constraints }] }`
 * for a body that is not a JSON object of exactly those two valid properties; 401
 * `{ code: 'invalid_credentials', … }` alike for an unknown email and a wrong password; 429
 * `{ code: 'too_many_attempts', … }` with `Retry-After` after 5 failures for one email or one
 * address within 15 minutes (see `LoginAttempts`). Needs a TypeORM DataSource with `User`.
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

  async boot(): Promise<void> {
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
    const ip = ctx.request.ip ?? ctx.request.socket?.remoteAddress ?? 'unknown'

    const wait = await this.attempts.begin(email, ip)
    if (wait > 0) return new HttpResponseTooManyRequests(TOO_MANY).setHeader('Retry-After', String(wait))

    const user = await User.findOneBy({ email })
    // An unknown email is checked against a dummy hash: same work, same time as a wrong password.
    const matches = await verifyPassword(password, user?.password ?? (await dummyPasswordHash()))
    if (user === null || !matches) return new HttpResponseBadCredentials(BAD_CREDENTIALS)
    await this.attempts.succeed(email, ip)

    const { token, exp } = this.tokens.issue(user)
    const expires = new Date(exp * 1000)
    // RFC 6749 §5.1: a response carrying a token must not be cached.
    const response = new HttpResponseOK({ token, expiresAt: expires.toISOString() }).setHeader('Cache-Control', 'no-store')
    const cookie = this.tokens.cookie
    if (cookie !== undefined) {
      response.setCookie(cookie.name, token, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: '/', expires })
    }
    return response
  }
}

// Foal's HttpResponseUnauthorized sends an empty WWW-Authenticate, which is no challenge at all
// (RFC 7235 §4.1); a password form has no standard scheme, so this 401 sends none.
class HttpResponseBadCredentials extends HttpResponseClientError {
  readonly statusCode = 401
  readonly statusMessage = 'UNAUTHORIZED'
}

function badRequest(body: ReturnType<typeof requestError>): HttpResponse {
  return new HttpResponseBadRequest(body)
}
