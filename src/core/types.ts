import type { CsrfSecret, CsrfSettings } from './csrf/csrf-settings'
import type { Failure } from './errors/failure'
import type { Jwks } from './keys/read-jwks'
import type { KeyResolver } from './keys/key-resolver'
import type { KeyInput } from './keys/read-key'

export { Failure, isFailure, type AuthFailure } from './errors/failure'
export type { ErrorCode, ErrorName } from './errors/error-table'
export type { Algorithm } from './jws/algorithms'
export type { VerifyOptions } from './jws/verify-options'
export type { JoseHeader, KeyLookup, KeyResolver, VerificationKey } from './keys/key-resolver'
export type { Jwks } from './keys/read-jwks'
export type { KeyInput } from './keys/read-key'
export type { RemoteJwksOptions } from './keys/remote-jwks'

/**
 * What a door hands the core: the request's headers, its cookies, its method and its path. The
 * doors give `header(name)` over Node's header map, whose names Node lower-cases; a request object
 * whose names keep the case they were sent in (AWS Lambda, a test) gives its map as `headers`
 * instead, and the header is found whatever its case.
 * @example
 * authenticate({ headers: event.headers, method: event.httpMethod, path: event.path })   // AWS Lambda (API Gateway)
 * authenticate({ header: (name) => req.headers[name], cookie: (name) => req.cookies[name], method: req.method, path: req.url })
 */
export interface RequestLike {
  /** A request header, asked by its lower-case name (`authorization`). */
  header?(name: string): string | undefined
  /** The headers as a plain object, names in any case: searched when `header` is absent or finds nothing. */
  headers?: Readonly<Record<string, string | string[] | undefined>>
  /** A cookie; absent, the `Cookie` header is read. */
  cookie?(name: string): string | undefined
  /** The HTTP method: an `OPTIONS` request with `Access-Control-Request-Method` is a CORS preflight. */
  method?: string
  /** The request target as sent (path and query, `/pub/a.txt?x=1`), for a step that authorizes by path. */
  path?: string
  /** Passed through to `options.user` (FoalTS hands its ServiceManager here). */
  services?: unknown
  /** The body a parser already read (a form post's fields), for its `_csrf` field; never read from the stream. */
  body?: unknown
}

/**
 * What the `sessions` option asks: whether a sid names a revoked session. Answered from memory
 * (`createSessions` keeps the revoked sids current), so the check costs no I/O per request.
 */
export interface RevokedSessions {
  isRevoked(sid: string): boolean
}

/** The options every door takes as its first argument. */
export interface JWTOptions {
  /** Loads the user named by the `sub` claim; `undefined` means no such user (row 12). */
  user?: (id: string, services?: any) => Promise<any> | any
  /**
   * Answers `true` for a revoked token; asked only once the token has verified, with its verified
   * payload (this request's own copy), so revoking by `jti` is one line:
   * `blackList: (token, { jti }) => revokedIds.has(jti)`.
   */
  blackList?: (token: string, payload: Record<string, any>) => boolean | Promise<boolean>
  /**
   * Refuse the tokens of revoked sessions (row 5, `jwt revoked`): a token whose `sid` claim names
   * a revoked session. A token without a string `sid` is not bound to a session and is judged as
   * without this option.
   */
  sessions?: RevokedSessions
  /** Read the token from the auth cookie instead of the `Authorization` header. */
  cookie?: boolean
  /**
   * Overrides `settings.jwt.secretOrPublicKey`: a secret or PEM as a string or a Buffer, a JWK
   * (its object, or its JSON text), or a KeyObject. Anything else (a function, a number, null, a
   * private JWK) throws a TypeError at setup.
   */
  secretOrPublicKey?: KeyInput
  /**
   * Overrides `settings.jwt.keys`: verification keys chosen by the token's `kid`, as a JWKS
   * (`{ keys: [...] }`), or any key resolver (`createKeySet`, `createRemoteJwks`, your own).
   */
  keys?: Jwks | KeyResolver
  /** Overrides `settings.jwt.jwksUrl`: a JWKS fetched from this URL, kept, fetched again on an unknown `kid`. */
  jwksUrl?: string | URL
  /** Overrides `settings.jwt.cookieName` (default `auth`). */
  cookieName?: string
  /** Milliseconds to wait for `blackList` or `user` before answering 503 (default 5000). */
  timeout?: number
  /** Verified-token cache: `false` turns it off; `max` bounds its entries (default 10,000). */
  cache?: false | { max?: number }
  /**
   * Pubky capabilities: the token's `caps` claim (`/pub/app/:rw,/pub/a.txt:r`) must cover the
   * request's method and decoded path, else 403 `insufficient_scope`. `GET` and `HEAD` need `r`;
   * `PUT`, `POST`, `PATCH` and `DELETE` need `w`; any other method is covered by nothing. A claim
   * that is missing, not a string or malformed covers nothing.
   */
  capabilities?: boolean
  /**
   * A permission's `codeName` the loaded user must hold (its `hasPerm(codeName)`), else 403
   * `forbidden`. Needs `user` (fetchUserWithPermissions: one query, the check costs none).
   */
  permission?: string
  /**
   * Double-submit CSRF check (a door with `cookie: true`): on by default; `false` turns it off. A
   * POST, PUT, PATCH or DELETE must send the `XSRF-TOKEN` cookie's value back in `X-CSRF-Token`,
   * `X-XSRF-Token` or a parsed body's `_csrf`, else 403 `invalid_csrf_token`. A door reading the
   * `Authorization` header needs no CSRF token.
   */
  csrf?: boolean
  /**
   * What CSRF tokens are signed with, for a door with a key of its own: a secret (or private key),
   * or the `CsrfSettings` the app's cookie helpers use. Default: the door's `secretOrPublicKey`
   * when it is a shared secret; a door whose key comes from the configuration uses the
   * configuration's (as `setAuthCookies` does).
   */
  csrfSecret?: CsrfSecret | CsrfSettings
}

/** Whether a request with no token at all is refused (required) or let through (optional). */
export type Mode = 'required' | 'optional'
export const REQUIRED: Mode = 'required'
export const OPTIONAL: Mode = 'optional'

export interface AuthSuccess {
  token: string | undefined
  payload: Record<string, any> | undefined
  /** The loaded user, the decoded payload when no `user` option is set, or undefined (no token). */
  user: any
}

export type AuthOutcome = AuthSuccess | Failure

/**
 * The pipeline. It answers at once when every step is synchronous (no blackList, or one like
 * `isInFile`, no async user loader, the key at hand): a door then adds no promise hop to the request.
 */
export type Authenticate = (request: RequestLike) => AuthOutcome | Promise<AuthOutcome>

/** What `createAuthenticator` from the package root hands out: always a promise. */
export type AuthenticateAsync = (request: RequestLike) => Promise<AuthOutcome>
