import { Failure } from '../errors/failure'
import { FIXED_FAILURES } from '../errors/to-failure'
import { createTokenVerifier } from '../jws/create-token-verifier'
import { WHITESPACE } from '../jws/token-characters'
import type { AuthOutcome, AuthSuccess, Authenticate, RequestLike } from '../types'
import { createAuthorizeStep } from './create-authorize-step'
import type { Settings } from './normalize-options'
import { TimeoutError, withTimeout } from './with-timeout'

const NO_USER: AuthSuccess = Object.freeze({ token: undefined, payload: undefined, user: undefined })

type Payload = Record<string, any>

/**
 * The one pipeline every door runs, built once from checked settings:
 * extract → verify (the key the header names) → revoked session? → blackList → user → authorize
 * (CSRF, capabilities, permission) → the answer.
 * Each step answers at once when it can; the pipeline waits only for one that is late (a remote
 * key set being fetched, an async blackList or user loader).
 */
export function createPipeline(settings: Settings): Authenticate {
  const { extractToken, keys, sessions } = settings
  // The verify step (cache, node:crypto path, jsonwebtoken) is built with the keys, never per request.
  const verify = keys === undefined ? undefined : createTokenVerifier(keys, settings.verifyOptions, settings.cache, settings.whitespace)
  // Undefined when no authorizing option is on: the request then costs nothing more.
  const authorize = createAuthorizeStep(settings)

  return function authenticate(request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    const token = extractToken(request)
    if (token === null) return NO_USER
    if (typeof token !== 'string') return token
    // The verify step checks a header's token for whitespace; with no key, that row still comes first.
    if (verify === undefined) return settings.whitespace !== undefined && WHITESPACE.test(token) ? settings.whitespace : FIXED_FAILURES.noKey
    try {
      const payload = verify(token)
      if (payload instanceof Failure) return payload
      // Only while a remote key set is fetched does the verdict come later.
      if (payload instanceof Promise) return payload.then((late) => afterVerify(token, late, request)).catch((error) => fault(error, token))
      const outcome = afterVerify(token, payload, request)
      return outcome instanceof Promise ? outcome.catch((error) => fault(error, token)) : outcome
    } catch (error) {
      return fault(error, token)
    }
  }

  function afterVerify(token: string, payload: Payload | Failure, request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    if (payload instanceof Failure) return payload
    // Before the blacklist: a lookup in memory, for a token bound to a session.
    if (sessions !== undefined && typeof payload.sid === 'string' && sessions.isRevoked(payload.sid)) return FIXED_FAILURES.revoked
    return settings.hasBlackList ? checkBlackList(token, payload, request) : findUser(token, payload, request)
  }

  // The two callbacks may answer at once or later; the pipeline waits only for one that is late.
  function checkBlackList(token: string, payload: Payload, request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    const revoked = settings.blackList(token, payload)
    if (!isThenable(revoked)) return revoked ? FIXED_FAILURES.revoked : findUser(token, payload, request)
    return withTimeout(revoked, settings.timeout).then((late) => (late ? FIXED_FAILURES.revoked : findUser(token, payload, request)))
  }

  function findUser(token: string, payload: Payload, request: RequestLike): AuthOutcome | Promise<AuthOutcome> {
    if (settings.user === undefined) return answer(token, payload, payload, request)
    // RFC 7519 §4.1.2: sub is a string; the loader gets it as sent.
    if (typeof payload.sub !== 'string') return FIXED_FAILURES.noSubject
    const user = settings.user(payload.sub, request.services)
    if (!isThenable(user)) return found(token, payload, user, request)
    return withTimeout(user, settings.timeout).then((late) => found(token, payload, late, request))
  }

  function found(token: string, payload: Payload, user: unknown, request: RequestLike): AuthOutcome {
    return user === undefined || user === null ? FIXED_FAILURES.unknownUser : answer(token, payload, user, request)
  }

  /** The last step: the request is authorized, then let through with its token, payload and user. */
  function answer(token: string, payload: Payload, user: unknown, request: RequestLike): AuthOutcome {
    if (authorize !== undefined) {
      const refusal = authorize(request, payload, user)
      if (refusal !== undefined) return refusal
    }
    return { token, payload, user }
  }
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

// A fault is logged by kind and message only, never a stack in the answer; a store's error may
// quote its argument, so the token is cut out of the message.
function logFault(error: unknown, token: string): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  console.error(`jwt-hooks: authentication failed; request refused (${message.split(token).join('<token>')})`)
}
