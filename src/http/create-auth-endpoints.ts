import { createConfiguredAuthenticator } from '../config/create-configured-authenticator'
import { getJwtConfig } from '../config/jwt-config'
import type { AuthCookieSettings, AuthCookieOptions } from '../cookies/auth-cookie-settings'
import { REQUIRED, type JWTOptions, type VerifyOptions } from '../core/types'
import type { KeySignIn } from '../login/key-sign-in/key-sign-in'
import type { Sessions } from '../tokens/sessions'
import { publishedJwks } from '../tokens/published-jwks'
import { createChallengeEndpoints } from './create-challenge-endpoints'
import { createJwksEndpoint, JWKS_PATH } from './create-jwks-endpoint'
import { createLogoutEndpoint } from './create-logout-endpoint'
import { createRefreshEndpoint } from './create-refresh-endpoint'
import { createTokensEndpoint } from './create-tokens-endpoint'
import type { Endpoint, EndpointAnswer } from './endpoint'
import { createFaultLog } from './fault-log'
import { resolveCookieMode } from './resolve-cookie-mode'

/** How the access token of `POST /auth/logout` is judged (default: the configured key, with `sessions`). */
export interface AuthEndpointsOptions {
  /** The door options of that check (`sessions` is added). */
  jwtOptions?: Omit<JWTOptions, 'sessions'>
  /** Its verify options (issuer, audience, algorithms…). */
  verifyOptions?: VerifyOptions
  /**
   * Cookie mode: refresh and logout read the refresh cookie when the body has none (CSRF checked),
   * refresh sets the next cookies, logout clears them. `true`: the cookies `settings.jwt.*`
   * describe; settings or options of `createAuthCookieSettings`; `false`: off. Default: on when
   * `settings.jwt.cookie` is.
   */
  cookies?: boolean | AuthCookieSettings | AuthCookieOptions
  /**
   * Public-key sign-in (`createKeySignIn`: its host, challenge store and identities): adds
   * `POST /challenge`, `/challenge/verify` and `/pubky` (a Pubky AuthToken's bytes), which answer
   * as the login in the same cookie mode.
   */
  keySignIn?: KeySignIn
}

/** The session endpoints, by their path below the prefix; `tokens` only with `apiKeys`. */
export interface AuthEndpoints {
  refresh: Endpoint
  logout: Endpoint
  tokens: Endpoint | undefined
  /** `POST /challenge`, `/challenge/verify` and `/pubky`, only with `keySignIn`. */
  challenge: Endpoint | undefined
  verify: Endpoint | undefined
  pubky: Endpoint | undefined
  /** Every `POST` route there is, by its path below the prefix (a door that registers routes one by one). */
  posts: readonly { path: string; endpoint: Endpoint }[]
  /** `GET /.well-known/jwks.json`: the public signing keys. */
  jwks: Endpoint
  /** The endpoint of a `POST` to one of `posts`' paths, or undefined. */
  route(method: string | undefined, path: string): Endpoint | undefined
  /** The endpoint of a `GET` to `/.well-known/jwks.json` (a path from the root, not below a prefix), or undefined. */
  wellKnown(method: string | undefined, path: string): Endpoint | undefined
  /** Says a store fault of another route of the same sessions (the login), in the same few lines. */
  onFault(error: unknown): void
  /** The cookies of cookie mode, or undefined when it is off: what the sign-in routes set. */
  cookies: AuthCookieSettings | undefined
}

const FAULT: EndpointAnswer = Object.freeze({ status: 500, body: undefined, headers: {} })

/**
 * Builds the framework-agnostic session endpoints once: refresh, logout, (with the sessions'
 * `apiKeys`) minting, (with `keySignIn`) the challenge and Pubky sign-ins, and the public signing keys at `/.well-known/jwks.json`. Each answers `{ status, body, headers }` and never rejects: a fault of our
 * own is a 500 with an empty body and one log line (its kind and message, never a token).
 * @param sessions from `createSessions`.
 * @param options how logout judges an access token, cookie mode, `keySignIn`.
 * @throws TypeError for a bad option.
 */
export function createAuthEndpoints(sessions: Sessions, options: AuthEndpointsOptions = {}): AuthEndpoints {
  sessions.boot()
  const { log, clock, apiKeys } = sessions.settings
  const onFault = createFaultLog(log, clock)
  const cookies = resolveCookieMode(options.cookies)
  const bearer = createConfiguredAuthenticator({ ...options.jwtOptions, sessions, cookie: false }, options.verifyOptions, REQUIRED)
  const judges = {
    bearer,
    cookie: cookies && createConfiguredAuthenticator({ ...options.jwtOptions, sessions, cookie: true, cookieName: cookies.access.name }, options.verifyOptions, REQUIRED),
  }
  const guard = (endpoint: Endpoint): Endpoint => async (request) => {
    try {
      return await endpoint(request)
    } catch (error) {
      log(`jwt-hooks: sessions: an endpoint failed (${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}); answered 500`)
      return FAULT
    }
  }
  const refresh = guard(createRefreshEndpoint(sessions, onFault, cookies))
  const logout = guard(createLogoutEndpoint(sessions, judges, onFault, cookies))
  const tokens = apiKeys === undefined ? undefined : guard(createTokensEndpoint(sessions, apiKeys, onFault))
  const keys = options.keySignIn === undefined ? undefined : createChallengeEndpoints(sessions, checkKeySignIn(options.keySignIn), onFault, { cookies: cookies ?? false })
  const challenge = keys && guard(keys.challenge)
  const verify = keys && guard(keys.verify)
  const pubky = keys && guard(keys.pubky)
  const jwks = createJwksEndpoint(publishedJwks(sessions.settings.signer, getJwtConfig()))
  const routes: Record<string, Endpoint | undefined> = { '/refresh': refresh, '/logout': logout, '/tokens': tokens, '/challenge': challenge, '/challenge/verify': verify, '/pubky': pubky }
  const posts = Object.entries(routes).flatMap(([path, endpoint]) => (endpoint === undefined ? [] : [{ path, endpoint }]))
  return {
    refresh,
    logout,
    tokens,
    challenge,
    verify,
    pubky,
    posts,
    jwks,
    route: (method, path) => (method === 'POST' && Object.hasOwn(routes, path) ? routes[path] : undefined),
    wellKnown: (method, path) => (method === 'GET' && path === JWKS_PATH ? jwks : undefined),
    onFault,
    cookies,
  }
}

function checkKeySignIn(keySignIn: KeySignIn): KeySignIn {
  if (typeof keySignIn?.answer !== 'function' || typeof keySignIn.issue !== 'function') throw new TypeError('jwt-hooks: "keySignIn" must be a KeySignIn (createKeySignIn)')
  return keySignIn
}
