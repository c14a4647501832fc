import { FIXED_FAILURES } from '../core/errors/to-failure'
import { createPipeline } from '../core/pipeline/create-pipeline'
import { normalizeOptions } from '../core/pipeline/normalize-options'
import { REQUIRED, type Authenticate, type AuthFailure, type JWTOptions, type Mode, type RequestLike, type VerifyOptions } from '../core/types'
import { configuredCsrf } from './configured-csrf'
import { configuredKeys } from './configured-keys'
import { getJwtConfig, KEY_HINT, resetJwtConfig } from './jwt-config'

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

const KEY_OPTIONS = ['secretOrPublicKey', 'keys', 'jwksUrl'] as const

/**
 * The pipeline with configuration behind it: what the options leave out (the key, the cookie
 * name) is read from env, `.env` or `config/` on the first request, then kept.
 * `authenticate(request)` always returns a promise. In `required` mode a success always carries
 * the token and its payload; in `optional` mode a success without a token has neither.
 * @param options user, blackList, cookie, and overrides of the configured key or cookie name.
 * @param verifyOptions audience, issuer, algorithms… (jsonwebtoken's names).
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
 * The same pipeline for the doors: what the options leave out (the keys, the cookie name) is read
 * from env, `.env` or `config/` now, and, when no key is found yet, once more on the first request
 * (FoalTS decorators run at import, before an application may have loaded its environment); then
 * kept. The answer comes at once when no step is asynchronous, so a door adds no promise hop.
 * @throws TypeError at once for an option of the wrong type; ConfigError for a configured key that
 *   cannot be read.
 */
export function createConfiguredAuthenticator(options: JWTOptions = {}, verifyOptions: VerifyOptions = {}, mode: Mode = REQUIRED): Authenticate {
  // Options are checked now, whatever the configuration says.
  const settings = normalizeOptions(options, verifyOptions, mode)
  if (KEY_OPTIONS.some((name) => options[name] !== undefined)) return createPipeline(settings)
  const now = fromConfig(options, verifyOptions, mode)
  if (now.keys !== undefined) return now.authenticate
  let authenticate: Authenticate | undefined
  return (request) => (authenticate ??= onFirstRequest(options, verifyOptions, mode))(request)
}

function fromConfig(options: JWTOptions, verifyOptions: VerifyOptions, mode: Mode): { keys: unknown; authenticate: Authenticate } {
  const config = getJwtConfig()
  const keys = configuredKeys(config)
  const cookieName = options.cookieName ?? config.cookieName
  const withDefaults = withClaimDefaults(verifyOptions, config)
  const csrf = configuredCsrf(options, config, keys !== undefined)
  return { keys, authenticate: createPipeline(normalizeOptions({ ...options, keys, cookieName, ...csrf }, withDefaults, mode)) }
}

// The configured issuer and audience belong to the configured key's tokens: a door given a key
// of its own (another service's) is not held to them.
function withClaimDefaults(verifyOptions: VerifyOptions, { issuer, audience }: { issuer?: string; audience?: string }): VerifyOptions {
  if ((issuer === undefined || verifyOptions.issuer !== undefined) && (audience === undefined || verifyOptions.audience !== undefined)) return verifyOptions
  return {
    ...verifyOptions,
    ...(verifyOptions.issuer === undefined && issuer !== undefined && { issuer }),
    ...(verifyOptions.audience === undefined && audience !== undefined && { audience }),
  }
}

/** A key still missing answers row 1 (fail closed), said once; a broken configuration likewise. */
function onFirstRequest(options: JWTOptions, verifyOptions: VerifyOptions, mode: Mode): Authenticate {
  try {
    resetJwtConfig()
    const found = fromConfig(options, verifyOptions, mode)
    if (found.keys === undefined) console.error(`jwt-hooks: no secret or public key: set ${KEY_HINT}. Tokens are refused with 500.`)
    return found.authenticate
  } catch (error) {
    console.error((error as Error).message)
    return () => FIXED_FAILURES.noKey
  }
}
