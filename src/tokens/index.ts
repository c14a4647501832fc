// Sessions, their tokens and the signer: what the endpoints and the doors' `sessions` option use.
export { createSessions, Sessions } from './sessions'
export type { SessionsOptions } from './check-sessions-options'
export type { Tokens, SessionGrant } from './tokens'
export { createTokenSigner, type TokenSigner, type SignerConfig } from './create-token-signer'
export { StoreUnavailableError } from './store-unavailable-error'
