import { createAuthenticator } from '../core/create-authenticator'
import { REQUIRED, type Authenticate, type JWTOptions, type Mode, type VerifyOptions } from '../core/types'
import { jwtDefaults } from './jwt-defaults'

/**
 * The pipeline with configuration behind it: what the options leave out (the key, the cookie
 * name) is read from env, `.env` or `config/` on the first request, then kept.
 * @param options user, blackList, cookie, and overrides of the configured key or cookie name.
 * @param verifyOptions handed to jsonwebtoken.
 * @param mode `required` (default) or `optional`.
 * @throws TypeError at once for an option of the wrong type.
 * @example
 * const authenticate = createAuthenticator({ blackList: isInFile('blacklist.txt') })
 * const result = await authenticate({ header: (n) => req.headers[n] as string, cookie: () => undefined })
 * if ('status' in result) reply(result.status, result.body, result.headers)
 */
export function createConfiguredAuthenticator(
  options?: JWTOptions,
  verifyOptions?: VerifyOptions,
  mode: Mode = REQUIRED,
): Authenticate {
  return createAuthenticator(options, verifyOptions, mode, jwtDefaults)
}
