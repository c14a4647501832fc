import { createAuthenticator as createPipeline } from '../core/create-authenticator'
import { REQUIRED, type Authenticate, type AuthenticateAsync, type JWTOptions, type Mode, type VerifyOptions } from '../core/types'
import { jwtDefaults } from './jwt-defaults'

/**
 * The pipeline with configuration behind it: what the options leave out (the key, the cookie
 * name) is read from env, `.env` or `config/` on the first request, then kept.
 * `authenticate(request)` always returns a promise.
 * @param options user, blackList, cookie, and overrides of the configured key or cookie name.
 * @param verifyOptions handed to jsonwebtoken.
 * @param mode `required` (default) or `optional`.
 * @throws TypeError at once for an option of the wrong type.
 * @example
 * const authenticate = createAuthenticator({ blackList: isInFile('blacklist.txt') })
 * const result = await authenticate({ header: (n) => req.headers[n] as string, cookie: () => undefined })
 * if ('status' in result) reply(result.status, result.body, result.headers)
 */
export function createAuthenticator(options?: JWTOptions, verifyOptions?: VerifyOptions, mode: Mode = REQUIRED): AuthenticateAsync {
  const authenticate = createConfiguredAuthenticator(options, verifyOptions, mode)
  return async (request) => authenticate(request)
}

/**
 * The same pipeline for the doors: what the options leave out (the key, the cookie name) is read
 * from env, `.env` or `config/` on the first request, then kept; the answer comes at once when no
 * step is asynchronous, so a door adds no promise hop to the request.
 * @throws TypeError at once for an option of the wrong type.
 */
export function createConfiguredAuthenticator(
  options?: JWTOptions,
  verifyOptions?: VerifyOptions,
  mode: Mode = REQUIRED,
): Authenticate {
  return createPipeline(options, verifyOptions, mode, jwtDefaults)
}
