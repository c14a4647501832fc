import type { Ed25519PublicKey } from '../identity/parse-public-key'

/** A verified Pubky AuthToken: who signed it, what it grants, when. */
export interface PubkyAuthToken {
  /** The signer's key as z-base-32: the `sub` of the session it opens. */
  readonly publicKey: string
  /** The same key, parsed (bytes, KeyObject). */
  readonly key: Ed25519PublicKey
  /** The capabilities as Pubky reads them (`AuthToken.capabilities` joined with `,`). */
  readonly capabilities: string
  /** The token's timestamp: microseconds since the epoch, as signed. */
  readonly timestamp: bigint
  /** The same, in milliseconds. */
  readonly timestampMs: number
  /** pubky-core's token id (timestamp and public key, hex): what a replay guard remembers. */
  readonly replayId: string
}

/** Why an AuthToken is refused. */
export type PubkyAuthTokenProblem = 'malformed' | 'namespace' | 'version' | 'publicKey' | 'expired' | 'future' | 'signature' | 'replayed'

/** A refused AuthToken: the problem, and a description fit for a client. */
export interface PubkyAuthTokenFailure {
  readonly ok: false
  readonly problem: PubkyAuthTokenProblem
  readonly message: string
}

/** The outcome of verifying an AuthToken. */
export type PubkyAuthTokenResult = { readonly ok: true; readonly token: PubkyAuthToken } | PubkyAuthTokenFailure
