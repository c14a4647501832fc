import type { Algorithm } from './algorithms'

/**
 * How tokens are verified beyond their signature: jsonwebtoken's option names and meanings (jose's
 * for EdDSA, which jsonwebtoken does not know). Checked when a door is built: a value of the wrong
 * type throws a TypeError naming the option.
 */
export interface VerifyOptions {
  /** The `alg` values accepted; default: every algorithm of the key's type (`EdDSA` for an Ed25519 key). */
  algorithms?: readonly Algorithm[]
  /** The `aud` expected: one of these strings or patterns must match one of the token's audiences. */
  audience?: string | RegExp | (string | RegExp)[]
  /** The `iss` expected, or the issuers accepted. */
  issuer?: string | string[]
  /** The `sub` expected. */
  subject?: string
  /** The `jti` expected. */
  jwtid?: string
  /** Seconds of leeway for `exp` and `nbf` (a negative number shortens validity). */
  clockTolerance?: number
  /** The time to judge tokens at, in seconds since the epoch, instead of now (turns the cache off). */
  clockTimestamp?: number
  /** The oldest `iat` accepted: seconds, or a duration (`'1h'`, `'7d'`); turns the cache off. */
  maxAge?: string | number
  /** Accept expired tokens. */
  ignoreExpiration?: boolean
  /** Accept tokens whose `nbf` is still ahead. */
  ignoreNotBefore?: boolean
  /** The `nonce` expected (OpenID Connect ID tokens). */
  nonce?: string
  /** Let an asymmetric key verify algorithms jsonwebtoken's key-type check would refuse (never EdDSA ones). */
  allowInvalidAsymmetricKeyTypes?: boolean
}
