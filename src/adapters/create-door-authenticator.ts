import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { FIXED_FAILURES } from '../core/to-failure'
import type { AuthFailure, Authenticate, JWTOptions, Mode, VerifyOptions } from '../core/types'

/**
 * The configured pipeline for a framework door, made so that it never rejects: a fault thrown
 * inside it is answered like a throwing loader (500, empty body), never handed to the framework.
 * @param options the door's options (user, blackList, cookie…).
 * @param verifyOptions handed to jsonwebtoken.
 * @param mode `required` or `optional`.
 * @throws TypeError at once for an option of the wrong type, or a key that cannot be read.
 */
export function createDoorAuthenticator(options: JWTOptions | undefined, verifyOptions: VerifyOptions | undefined, mode: Mode): Authenticate {
  const authenticate = createConfiguredAuthenticator(options, verifyOptions, mode)
  return (request) => authenticate(request).catch(refuse)
}

// Fail closed. A framework's default error handler would print the stack (Express does, outside
// production) or the message (Fastify does); only the kind and message go to the log.
function refuse(error: unknown): AuthFailure {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  console.error(`jwt-hooks: authentication failed unexpectedly; request refused (${message})`)
  return FIXED_FAILURES.fault
}
