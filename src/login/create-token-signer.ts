import { createPrivateKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto'

import { decode, sign, verify, type Algorithm, type SignOptions } from 'jsonwebtoken'

import type { JwtConfig } from '../config/jwt-config'
import { parseKey } from '../core/keys/parse-key'

/** Claims the login controller puts in every token (with iat, exp and a unique jti). */
export interface LoginClaims {
  sub: string
  email: string
}

/** A token and when it expires (seconds since the epoch). */
export interface SignedToken {
  token: string
  exp: number
}

/** Signs login tokens with keys parsed once. */
export interface TokenSigner {
  algorithm: Algorithm
  /** Seconds from `iat` to `exp`, as `settings.jwt.expiresIn` says. */
  lifetime: number
  sign(claims: LoginClaims, nowMs: number): SignedToken
}

const PEM_MARK = '-----BEGIN'
// `none` is refused by name: jsonwebtoken would sign with it, and every verifier would refuse the token.
const SIGNING_ALGORITHM = /^(HS|RS|PS|ES)(256|384|512)$/
const PRIVATE_KEY = '"settings.jwt.privateKey"'
const SECRET = '"settings.jwt.secretOrPublicKey"'
// Which algorithm a private key signs with when `settings.jwt.algorithm` is not set (RFC 7518 §3.1).
const DEFAULT_ALGORITHMS: Record<string, Algorithm> = {
  rsa: 'RS256',
  'rsa-pss': 'PS256',
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
}

/**
 * Builds the signer once, at startup: the secret (HS256), or `settings.jwt.privateKey` with
 * `settings.jwt.algorithm` for key pairs. A probe token is signed and, when a verifying key is
 * configured, verified with it, so a key, algorithm or lifetime that would fail fails now, not at
 * the first login; and a private key that does not match the public key is refused.
 * @throws TypeError naming the key when signing is impossible.
 */
export function createTokenSigner(config: JwtConfig): TokenSigner {
  const { key, algorithm, source } = signingKey(config)
  if (!SIGNING_ALGORITHM.test(algorithm)) {
    throw new TypeError(`jwt-hooks: "settings.jwt.algorithm": ${algorithm} is not one of HS*, RS*, PS*, ES* (256, 384, 512)`)
  }
  let probe: string
  try {
    probe = sign({}, key, { algorithm, expiresIn: config.expiresIn as SignOptions['expiresIn'] })
  } catch (error) {
    throw new TypeError(`jwt-hooks: ${source}: cannot sign ${algorithm} tokens (${(error as Error).message})`)
  }
  if (config.privateKey !== undefined && config.secretOrPublicKey !== undefined) checkPair(probe, config, algorithm)
  const { iat, exp } = decode(probe) as { iat: number; exp: number }
  const lifetime = exp - iat
  return {
    algorithm,
    lifetime,
    sign(claims, nowMs) {
      const now = Math.floor(nowMs / 1000)
      // RFC 7519 §4.1.7: a unique jti, or two logins in the same second get the same token, and
      // revoking one revokes the other (a fresh login would hand back a revoked token).
      const payload = { sub: claims.sub, email: claims.email, iat: now, exp: now + lifetime, jti: randomUUID() }
      return { token: sign(payload, key, { algorithm }), exp: payload.exp }
    },
  }
}

function signingKey(config: JwtConfig): { key: KeyObject; algorithm: Algorithm; source: string } {
  if (config.privateKey !== undefined) {
    let key: KeyObject
    try {
      key = createPrivateKey(config.privateKey)
    } catch (error) {
      throw new TypeError(`jwt-hooks: ${PRIVATE_KEY}: not a readable PEM private key (${(error as Error).message})`)
    }
    const type = key.asymmetricKeyType === 'ec' ? String(key.asymmetricKeyDetails?.namedCurve) : String(key.asymmetricKeyType)
    const algorithm = (config.algorithm as Algorithm | undefined) ?? DEFAULT_ALGORITHMS[type]
    if (algorithm === undefined) throw new TypeError(`jwt-hooks: ${PRIVATE_KEY}: a ${type} key cannot sign tokens here`)
    return { key, algorithm, source: PRIVATE_KEY }
  }
  if (config.secretOrPublicKey === undefined) {
    throw new TypeError(`jwt-hooks: no key to sign tokens: set ${SECRET} (a secret) or ${PRIVATE_KEY}`)
  }
  if (config.secretOrPublicKey.includes(PEM_MARK)) {
    throw new TypeError(`jwt-hooks: ${SECRET} is a public key: set ${PRIVATE_KEY} to sign tokens`)
  }
  // The same bytes jsonwebtoken and the hooks use: the string as UTF-8, not base64-decoded.
  const key = createSecretKey(Buffer.from(config.secretOrPublicKey, 'utf8'))
  return { key, algorithm: (config.algorithm as Algorithm | undefined) ?? 'HS256', source: SECRET }
}

function checkPair(probe: string, config: JwtConfig, algorithm: Algorithm): void {
  const publicKey = parseKey(config.secretOrPublicKey, SECRET)
  try {
    verify(probe, publicKey as KeyObject, { algorithms: [algorithm] })
  } catch {
    throw new TypeError(
      `jwt-hooks: ${PRIVATE_KEY} does not match ${SECRET}: the tokens it signs would be refused`,
    )
  }
}
