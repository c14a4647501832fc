import type { KeyObject } from 'node:crypto'
import type { VerifyOptions as JsonWebTokenVerifyOptions } from 'jsonwebtoken'

/** Options handed to `jsonwebtoken.verify` (algorithms, audience, issuer, maxAge…). */
export type VerifyOptions = Omit<JsonWebTokenVerifyOptions, 'complete'>

/** Key material: a shared secret (HS*) or a PEM public key (RS*, PS*, ES*). */
export type KeyInput = string | Buffer | KeyObject

/**
 * What a door hands the core: the request's headers, its cookies and its method. The doors give
 * `header(name)` over Node's header map, whose names Node lower-cases; a request object whose
 * names keep the case they were sent in (AWS Lambda, a test) gives its map as `headers` instead,
 * and the header is found whatever its case.
 * @example
 * authenticate({ headers: event.headers, method: event.httpMethod })   // AWS Lambda (API Gateway)
 * authenticate({ header: (name) => req.headers[name], cookie: (name) => req.cookies[name], method: req.method })
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
  /** Passed through to `options.user` (FoalTS hands its ServiceManager here). */
  services?: unknown
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
  /** Answers `true` for a revoked token; asked only once the token has verified. */
  blackList?: (token: string) => boolean | Promise<boolean>
  /**
   * Refuse the tokens of revoked sessions (row 5, `jwt revoked`): a token whose `sid` claim names
   * a revoked session. A token without a string `sid` is not bound to a session and is judged as
   * without this option.
   */
  sessions?: RevokedSessions
  /** Read the token from the auth cookie instead of the `Authorization` header. */
  cookie?: boolean
  /**
   * Overrides `settings.jwt.secretOrPublicKey`: a secret or PEM as a string or a Buffer, or a
   * KeyObject. Anything else (a function, a JWK object, a number, null) throws a TypeError at setup.
   */
  secretOrPublicKey?: KeyInput
  /** Overrides `settings.jwt.cookieName` (default `auth`). */
  cookieName?: string
  /** Milliseconds to wait for `blackList` or `user` before answering 503 (default 5000). */
  timeout?: number
  /** Verified-token cache: `false` turns it off; `max` bounds its entries (default 10,000). */
  cache?: false | { max?: number }
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

export interface AuthFailure {
  status: number
  body: { code: string; description: string } | undefined
  headers: Record<string, string>
}

export type AuthOutcome = AuthSuccess | Failure

/**
 * The pipeline. It answers at once when every step is synchronous (no blackList, or one like
 * `isInFile`, and no async user loader): a door then adds no promise hop to the request.
 */
export type Authenticate = (request: RequestLike) => AuthOutcome | Promise<AuthOutcome>

/** What `createAuthenticator` from the package root hands out: always a promise. */
export type AuthenticateAsync = (request: RequestLike) => Promise<AuthOutcome>

/** Values the configuration supplies when the options leave them out. */
export interface Defaults {
  secretOrPublicKey?: KeyInput
  cookieName?: string
  /** Where the key came from (a file or a variable), for messages about it. */
  keySource?: string
  /** Where a missing key should be set, for the row-1 log line. */
  keyHint?: string
  /** `verifyOptions.issuer` when left out, for a door whose key comes from these defaults. */
  issuer?: string
  /** `verifyOptions.audience` when left out, for a door whose key comes from these defaults. */
  audience?: string
}

export function isFailure(result: AuthSuccess | AuthFailure | Record<string, any>): result is Failure {
  return result instanceof Failure
}

/** Class so that `isFailure` is one `instanceof`, never confused with a payload. */
export class Failure implements AuthFailure {
  // Private, so the answer a caller sees and compares is still { status, body, headers }.
  readonly #json: string

  constructor(
    readonly status: number,
    readonly body: AuthFailure['body'],
    readonly headers: Record<string, string>,
  ) {
    this.#json = body === undefined ? '' : JSON.stringify(body)
  }

  /** The body as JSON, serialised once ('' for the rows without one): doors write it as is. */
  get json(): string {
    return this.#json
  }
}
