import { resolveKey, type Resolved } from './resolve-key'
import { normalizeOptions, type Settings } from './normalize-options'
import { FIXED_FAILURES } from './to-failure'
import {
  Failure,
  REQUIRED,
  type AuthFailure,
  type AuthSuccess,
  type Authenticate,
  type Defaults,
  type JWTOptions,
  type Mode,
  type RequestLike,
  type VerifyOptions,
} from './types'
import { verifyToken } from './verify-token'
import { TimeoutError, withTimeout } from './with-timeout'

const NO_DEFAULTS = (): Defaults => ({})
const NO_USER: AuthSuccess = Object.freeze({ token: undefined, payload: undefined, user: undefined })

/**
 * Builds the pipeline every door runs: extract → verify → blackList → user.
 * @param options the door's options (user, blackList, cookie…).
 * @param verifyOptions handed to jsonwebtoken.
 * @param mode `required` refuses a request with no token; `optional` lets it through with no user.
 * @param defaults read once, on the first request, for what the options leave out (the key, the cookie name).
 * @throws TypeError at once for an option of the wrong type, or a key given as an option that
 *   cannot be read or does not fit `verifyOptions.algorithms`.
 * @example
 * const authenticate = createAuthenticator({ secretOrPublicKey: process.env.SECRET })
 * const result = await authenticate({ header: (name) => req.headers[name], cookie: () => undefined })
 */
export function createAuthenticator(
  options: JWTOptions = {},
  verifyOptions: VerifyOptions = {},
  mode: Mode = REQUIRED,
  defaults: () => Defaults = NO_DEFAULTS,
): Authenticate {
  const settings = normalizeOptions(options, verifyOptions, mode)
  // A key given in the options is checked now; one from configuration on the first request,
  // because FoalTS decorators run at import, before the application may have set its env.
  let resolved: Resolved | undefined = settings.secretOrPublicKey === undefined ? undefined : resolveKey(settings, {})

  return async function authenticate(request: RequestLike): Promise<AuthSuccess | AuthFailure> {
    resolved ??= resolveFromConfig(settings, defaults)
    const token = resolved.extractToken(request)
    if (token === null) return NO_USER
    if (typeof token !== 'string') return token
    if (resolved.key === undefined) return FIXED_FAILURES.noKey
    const payload = verifyToken(token, resolved.key, settings.verifyOptions, settings.cache)
    if (payload instanceof Failure) return payload
    try {
      if (settings.hasBlackList && (await withTimeout(settings.blackList(token), settings.timeout))) {
        return FIXED_FAILURES.revoked
      }
      if (settings.user === undefined) return { token, payload, user: payload }
      // RFC 7519 §4.1.2: sub is a string; the loader gets it as sent.
      if (typeof payload.sub !== 'string') return FIXED_FAILURES.noSubject
      const user = await withTimeout(settings.user(payload.sub, request.services), settings.timeout)
      return user === undefined || user === null ? FIXED_FAILURES.unknownUser : { token, payload, user }
    } catch (error) {
      logFault(error)
      return error instanceof TimeoutError ? FIXED_FAILURES.timeout : FIXED_FAILURES.fault
    }
  }
}

/** Configuration problems answer row 1 (fail closed) and are said once, naming key and file. */
function resolveFromConfig(settings: Settings, defaults: () => Defaults): Resolved {
  try {
    return resolveKey(settings, defaults())
  } catch (error) {
    console.error((error as Error).message)
    return { key: undefined, extractToken: () => FIXED_FAILURES.noKey }
  }
}

// A fault is logged by kind and message only: never the token, never a stack in the answer.
function logFault(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  console.error(`jwt-hooks: the blackList or user loader failed; request refused (${message})`)
}
