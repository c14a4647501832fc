// First: without FoalTS or TypeORM installed, a clear error naming them (see src/peers).
import './peers/check-root-peers'
import 'reflect-metadata'

export { JWTRequired } from './foal/jwt-required.hook'
export { JWTOptional } from './foal/jwt-optional.hook'
export { isInFile } from './blacklist/is-in-file'
export { fetchUser } from './typeorm/fetch-user'
export { User } from './typeorm/user.entity'
export { Permission } from './typeorm/permission.entity'
export { Group } from './typeorm/group.entity'
export { UserWithPermissions } from './typeorm/user-with-permissions.entity'
export { fetchUserWithPermissions } from './typeorm/fetch-user-with-permissions'
export { PermissionRequired } from './foal/permission-required.hook'
export { validateCapabilities } from './core/authorize/validate-capabilities'
export { LoginController } from './login/login.controller'
export { LoginAttempts } from './login/login-attempts.service'
export { TokensController } from './login/tokens.controller'
export { JwksController } from './login/jwks.controller'
export { parseJsonBody } from './login/parse-json-body'
export { KeyIdentity } from './typeorm/key-identity.entity'
export { KeySignInController } from './login/key-sign-in.controller'
export { createKeySignIn, KeySignIn } from './login/key-sign-in/key-sign-in'
export type { KeySignInOptions } from './login/key-sign-in/check-key-sign-in-options'
export { createSignInStores, type SignInStores } from './login/key-sign-in/create-sign-in-stores'
export { createUserAuthSocket, type UserAuthSocket, type UserAuthSocketOptions } from './login/key-sign-in/create-user-auth-socket'
export { createLinkRelay, type LinkRelay, type LinkRelayOptions } from './login/pubky/create-link-relay'
export type { ReplayGuard } from './login/pubky/replay-guard'
export { createChallengeEndpoints, type ChallengeEndpoints, type ChallengeEndpointsOptions } from './http/create-challenge-endpoints'
export { createSessions, Sessions } from './tokens/sessions'
export { StoreUnavailableError } from './tokens/store-unavailable-error'
export type { SessionsOptions } from './tokens/check-sessions-options'
export type { Tokens, SessionGrant } from './tokens/tokens'
export type { TokenSigner } from './tokens/create-token-signer'
export { createAuthEndpoints, type AuthEndpoints, type AuthEndpointsOptions } from './http/create-auth-endpoints'
export type { Endpoint, EndpointAnswer, EndpointRequest, BodyResult } from './http/endpoint'
export { createStoreDataSource } from './typeorm/data-source'
// Cookie mode for FoalTS responses (each door's subpath has its own setAuthCookies).
export { setAuthCookies, removeAuthCookies } from './cookies/foal-cookies'
export { createAuthCookieSettings, AuthCookieSettings, type AuthCookieOptions, type SameSite } from './cookies/auth-cookie-settings'
export type { AuthTokens } from './cookies/plan-auth-cookies'
export { createAuthenticator } from './config/create-configured-authenticator'
export type { JWTOptions, VerifyOptions, RevokedSessions } from './core/types'

// The stores: interfaces, memory implementations, and the TypeORM ones (the root loads TypeORM).
export type {
  SessionStore,
  StoredSession,
  NewSession,
  Rotation,
  RotateResult,
  Revocation,
  RevocationPage,
  SessionStoreOptions,
  ChallengeStore,
  PendingChallenge,
  ChallengeStoreOptions,
  ApiKeyStore,
  ApiKeyRecord,
  AttemptStore,
  TakeResult,
  AttemptPolicy,
  MemorySessionStoreOptions,
  MemoryAttemptStoreOptions,
} from './stores'
export { MemorySessionStore, MemoryChallengeStore, MemoryApiKeyStore, MemoryAttemptStore, StoreLimitError, ApiKeyExistsError } from './stores'
export { TypeormSessionStore, TypeormChallengeStore, TypeormApiKeyStore, STORE_ENTITIES } from './stores/typeorm'
