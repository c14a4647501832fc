import { REQUIRED, type Authenticate, type JWTOptions, type Mode, type VerifyOptions } from '../types'
import { createPipeline } from './create-pipeline'
import { normalizeOptions } from './normalize-options'

/**
 * Builds the pipeline every door runs, with no configuration files: the key comes from the
 * options alone (`secretOrPublicKey`, `keys` or `jwksUrl`).
 * @param options the key, and user, blackList, cookie…
 * @param verifyOptions audience, issuer, algorithms… (jsonwebtoken's names).
 * @param mode `required` refuses a request with no token; `optional` lets it through with no user.
 * @throws TypeError at once for no key at all, an option of the wrong type, or a key that cannot be
 *   read or does not fit `verifyOptions.algorithms`.
 * @example
 * const authenticate = createAuthenticator({ secretOrPublicKey: process.env.SECRET })
 * const result = await authenticate({ header: (name) => req.headers[name], method: req.method, path: req.url })
 * const fromLambda = await authenticate({ headers: event.headers, method: event.httpMethod })
 * // (the answer comes at once when no step is asynchronous; await takes either)
 */
export function createAuthenticator(options: JWTOptions = {}, verifyOptions: VerifyOptions = {}, mode: Mode = REQUIRED): Authenticate {
  const settings = normalizeOptions(options, verifyOptions, mode)
  if (settings.keys === undefined) throw new TypeError('jwt-hooks: no key: give "secretOrPublicKey", "keys" or "jwksUrl"')
  return createPipeline(settings)
}
