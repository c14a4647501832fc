import { createAuthenticator as createPipeline } from '../core/pipeline/create-authenticator'
import { REQUIRED, type Authenticate, type AuthFailure, type JWTOptions, type Mode, type RequestLike, type VerifyOptions } from '../core/types'
import { jwtDefaults } from './jwt-defaults'

/** A request let through because its token verified, in either mode. */
export interface VerifiedRequest {
  token: string
  payload: Record<string, any>
  /** The user the `user` loader found, or the payload when no loader is set. */
  user: any
}

/** A request `optional` mode let through with no token at all. */
export interface AnonymousRequest {
  token: undefined
  payload: undefined
  user: undefined
}

/** `required` mode: a verified token, or the refusal of one row of the error table. */
export type AuthenticateRequired = (request: RequestLike) => Promise<VerifiedRequest | AuthFailure>

/** `optional` mode: a verified token, no token at all, or a refusal. */
export type AuthenticateOptional = (request: RequestLike) => Promise<VerifiedRequest | AnonymousRequest | AuthFailure>

/**
 * The pipeline with configuration behind it: what the options leave out (the key, the cookie
 * name) is read from env, `.env` or `config/` on the first request, then kept.
 * `authenticate(request)` always returns a promise. In `required` mode a success always carries
 * the token and its payload; in `optional` mode a success without a token has neither.
 * @param options user, blackList, cookie, and overrides of the configured key or cookie name.
 * @param verifyOptions handed to jsonwebtoken.
 * @param mode `required` (default) or `optional`.
 * @throws TypeError at once for an option of the wrong type.
 * @example
 * const authenticate = createAuthenticator({ blackList: isInFile('blacklist.txt') })
 * const result = await authenticate({ header: (n) => req.headers[n] as string, cookie: () => undefined })
 * if ('status' in result) reply(result.status, result.body, result.headers)
 * else console.log(result.payload.sub)
 */
export function createAuthenticator(options?: JWTOptions, verifyOptions?: VerifyOptions, mode?: 'required'): AuthenticateRequired
export function createAuthenticator(options: JWTOptions | undefined, verifyOptions: VerifyOptions | undefined, mode: 'optional'): AuthenticateOptional
export function createAuthenticator(options?: JWTOptions, verifyOptions?: VerifyOptions, mode?: Mode): AuthenticateOptional
export function createAuthenticator(options?: JWTOptions, verifyOptions?: VerifyOptions, mode: Mode = REQUIRED): AuthenticateOptional {
  const authenticate = createConfiguredAuthenticator(options, verifyOptions, mode)
  // The core's outcomes are these shapes; its own types do not tell the two modes apart.
  return async (request) => (await authenticate(request)) as VerifiedRequest | AnonymousRequest | AuthFailure
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
