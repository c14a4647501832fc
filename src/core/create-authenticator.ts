import { createTokenVerifier, type TokenVerifier } from './create-token-verifier'
import { resolveKey, type Resolved } from './resolve-key'
import { normalizeOptions, type Settings } from './normalize-options'
import { FIXED_FAILURES } from './to-failure'
import {
  Failure,
  REQUIRED,
  type AuthOutcome,
  type AuthSuccess,
  type Authenticate,
  type Defaults,
  type JWTOptions,
  type Mode,
  type RequestLike,
  type VerifyOptions,
} from './types'
import { TimeoutError, withTimeout } from './with-timeout'

const NO_DEFAULTS = (_fresh: boolean): Defaults => ({})
const NO_USER: AuthSuccess = Object.freeze({ token: undefined, payload: undefined, user: undefined })

/**
 * Builds the pipeline every door runs: extract → verify → revoked session? → blackList → user.
 * @param options the door's options (user, blackList, cookie…).
 * @param verifyOptions handed to jsonwebtoken.
 * @param mode `required` refuses a request with no token; `optional` lets it through with no user.
 * @param defaults what the options leave out (the key, the cookie name); `fresh` asks to read again.
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read or does
 *   not fit `verifyOptions.algorithms`; a configuration error (naming key and file) likewise.
 * @example
 * const authenticate = createAuthenticator({ secretOrPublicKey: process.env.SECRET })
 * const result = await authenticate({ header: (name) => req.headers[name], method: req.method })
 * const fromLambda = await authenticate({ headers: event.headers, method: event.httpMethod })
 * // (the answer comes at once when no step is asynchronous; await takes either)
 */
export function createAuthenticator(
  options: JWTOptions = {},
  verifyOptions: VerifyOptions = {},
  mode: Mode = REQUIRED,
  defaults: (fresh: boolean) => Defaults = NO_DEFAULTS,
): Authenticate {
  const settings = normalizeOptions(options, verifyOptions, mode)
  // The key is read and checked now, so a bad one fails at startup. One still missing is looked
  // for once more on the first request: FoalTS decorators run at import, before the app loads its env.
  let resolved: Resolved | undefined = resolveAtSetup(settings, defaults)
  // The verify step (cache, node:crypto path, jsonwebtoken) is built with the key, never per request.
  let verify = createVerifier(resolved, settings)

  return function authenticate(request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    if (resolved === undefined) {
      resolved = resolveOnFirstRequest(settings, defaults)
      verify = createVerifier(resolved, settings)
    }
    const token = resolved.extractToken(request)
    if (token === null) return NO_USER
    if (typeof token !== 'string') return token
    if (verify === undefined) return FIXED_FAILURES.noKey
    try {
      const payload = verify(token)
      if (payload instanceof Failure) return payload
      // Beside the blacklist, before it: a sync lookup in memory, for a token bound to a session.
      if (settings.sessions !== undefined && typeof payload.sid === 'string' && settings.sessions.isRevoked(payload.sid)) return FIXED_FAILURES.revoked
      const outcome = settings.hasBlackList ? checkBlackList(token, payload, request) : findUser(token, payload, request)
      return outcome instanceof Promise ? outcome.catch((error) => fault(error, token)) : outcome
    } catch (error) {
      return fault(error, token)
    }
  }

  // The two callbacks may answer at once or later; the pipeline waits only for one that is late.
  function checkBlackList(token: string, payload: Payload, request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    const revoked = settings.blackList(token)
    if (!isThenable(revoked)) return revoked ? FIXED_FAILURES.revoked : findUser(token, payload, request)
    return withTimeout(revoked, settings.timeout).then((late) =>
      late ? FIXED_FAILURES.revoked : findUser(token, payload, request),
    )
  }

  function findUser(token: string, payload: Payload, request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    if (settings.user === undefined) return { token, payload, user: payload }
    // RFC 7519 §4.1.2: sub is a string; the loader gets it as sent.
    if (typeof payload.sub !== 'string') return FIXED_FAILURES.noSubject
    const user = settings.user(payload.sub, request.services)
    if (!isThenable(user)) return toSuccess(token, payload, user)
    return withTimeout(user, settings.timeout).then((late) => toSuccess(token, payload, late))
  }
}

type Payload = Record<string, any>

function toSuccess(token: string, payload: Payload, user: unknown): AuthOutcome {
  return user === undefined || user === null ? FIXED_FAILURES.unknownUser : { token, payload, user }
}

// A promise, or any promise-like a store hands back (Bluebird, a query builder).
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

// Never a rejection: a door hands none to its framework's error page (stack, HTML).
function fault(error: unknown, token: string): Failure {
  logFault(error, token)
  return error instanceof TimeoutError ? FIXED_FAILURES.timeout : FIXED_FAILURES.fault
}

function createVerifier(resolved: Resolved | undefined, settings: Settings): TokenVerifier | undefined {
  if (resolved?.key === undefined) return undefined
  return createTokenVerifier(resolved.key, resolved.verifyOptions, settings.cache)
}

function resolveAtSetup(settings: Settings, defaults: (fresh: boolean) => Defaults): Resolved | undefined {
  const resolved = resolveKey(settings, settings.secretOrPublicKey === undefined ? defaults(false) : {})
  return resolved.key === undefined ? undefined : resolved
}

/** A key still missing answers row 1 (fail closed), said once; a broken config likewise. */
function resolveOnFirstRequest(settings: Settings, defaults: (fresh: boolean) => Defaults): Resolved {
  try {
    const fallback = defaults(true)
    const resolved = resolveKey(settings, fallback)
    if (resolved.key === undefined) {
      console.error(
        `jwt-hooks: no secret or public key: set ${fallback.keyHint ?? 'the "secretOrPublicKey" option'}. Tokens are refused with 500.`,
      )
    }
    return resolved
  } catch (error) {
    console.error((error as Error).message)
    return { key: undefined, extractToken: () => FIXED_FAILURES.noKey, verifyOptions: settings.verifyOptions }
  }
}

// A fault is logged by kind and message only, never a stack in the answer; a store's error may
// quote its argument, so the token is cut out of the message.
function logFault(error: unknown, token: string): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  console.error(`jwt-hooks: authentication failed; request refused (${message.split(token).join('<token>')})`)
}
