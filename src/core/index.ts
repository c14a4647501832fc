/**
 * `jwt-hooks/core`: the pipeline with no framework, no configuration files and no database. The
 * key comes from the options (`secretOrPublicKey`, `keys` or `jwksUrl`); a door of one's own
 * builds a `RequestLike` and writes the `AuthFailure` it gets back.
 * @example
 * import { createAuthenticator, createRemoteJwks, isFailure } from 'jwt-hooks/core'
 * const authenticate = createAuthenticator({ keys: createRemoteJwks('https://issuer.example/.well-known/jwks.json') })
 * const outcome = await authenticate({ headers: event.headers, method: event.httpMethod, path: event.path })
 * if (isFailure(outcome)) return { statusCode: outcome.status, headers: outcome.headers, body: JSON.stringify(outcome.body ?? '') }
 */
export { createAuthenticator } from './pipeline/create-authenticator'
export { isFailure } from './errors/failure'
export { createStaticKey } from './keys/static-key'
export { createKeySet } from './keys/key-set'
export { createRemoteJwks } from './keys/remote-jwks'
export { validateCapabilities } from './authorize/validate-capabilities'
export { InvalidCapabilitiesError } from './authorize/invalid-capabilities-error'
export type {
  Algorithm,
  AuthFailure,
  AuthOutcome,
  AuthSuccess,
  Authenticate,
  ErrorCode,
  ErrorName,
  Failure,
  JoseHeader,
  Jwks,
  JWTOptions,
  KeyInput,
  KeyLookup,
  KeyResolver,
  Mode,
  RemoteJwksOptions,
  RequestLike,
  VerificationKey,
  VerifyOptions,
} from './types'
