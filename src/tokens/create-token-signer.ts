import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto'

import type { JwtConfig } from '../config/jwt-config'
import { algorithmOf, algorithmsFor, type Algorithm } from '../core/jws/algorithms'
import { createJwsSign, type JwsSign } from './create-jws-sign'
import { jwkThumbprint } from '../core/keys/jwk-thumbprint'
import { publicJwk, type PublicJwk } from '../core/keys/public-jwk'
import { checkProbe } from './check-probe'

/** Signs JWTs with a key parsed once. */
export interface TokenSigner {
  /** The JWS `alg` of every token. */
  algorithm: Algorithm
  /**
   * The `kid` of every token: the RFC 7638 thumbprint of the private key's public half. A shared
   * secret gets none: it is never published in a key set, so a `kid` would name nothing a
   * verifier can look up, and a hash of the secret in every token is one more thing to guess at.
   */
  kid: string | undefined
  /** The public half of the signing key, as `/.well-known/jwks.json` publishes it; none for a shared secret. */
  publicJwk?: PublicJwk
  /** Signs a claims set as it is (the caller puts `iat`, `exp`, `jti`…): the compact JWS. */
  sign(claims: Record<string, unknown>): string
}

/** What the signer reads of the configuration. */
export type SignerConfig = Pick<JwtConfig, 'secretOrPublicKey' | 'privateKey' | 'algorithm'>

const PEM_MARK = '-----BEGIN'
const PRIVATE_KEY = '"settings.jwt.privateKey"'
const SECRET = '"settings.jwt.secretOrPublicKey"'

/**
 * Builds the signer once, at startup: the secret (HS256 unless `settings.jwt.algorithm` says
 * HS384 or HS512), or `settings.jwt.privateKey` (RSA, RSA-PSS, EC or Ed25519, PEM) with the
 * algorithm its type implies or `settings.jwt.algorithm`. Every algorithm is signed on
 * node:crypto. A probe token is signed now and, when a public key is configured too, verified
 * with it: a key, algorithm or pair that would fail fails at startup, not at the first login.
 * @param config the `settings.jwt.*` keys.
 * @throws TypeError naming the key when signing is impossible.
 * @example
 * const signer = createTokenSigner(getJwtConfig())
 * const token = signer.sign({ sub: '1', iat, exp })
 */
export function createTokenSigner(config: SignerConfig): TokenSigner {
  const { key, algorithm, source } = signingKey(config)
  if (algorithmOf(algorithm) === undefined) {
    throw new TypeError(`jwt-hooks: "settings.jwt.algorithm": ${algorithm} is not one of HS*, RS*, PS*, ES* (256, 384, 512) or EdDSA`)
  }
  let signature: JwsSign
  try {
    signature = createJwsSign(key, algorithm as Algorithm)
  } catch (error) {
    throw new TypeError(`jwt-hooks: ${source}: cannot sign ${algorithm} tokens (${(error as Error).message})`)
  }
  const kid = key.type === 'secret' ? undefined : jwkThumbprint(key)
  // The header is the same for every token: encoded once.
  const header = Buffer.from(JSON.stringify({ alg: algorithm, typ: 'JWT', ...(kid !== undefined && { kid }) })).toString('base64url')
  const sign = (claims: Record<string, unknown>): string => {
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
    return `${input}.${signature(input)}`
  }
  const probe = sign({})
  if (config.privateKey !== undefined && config.secretOrPublicKey !== undefined) {
    if (!checkProbe(probe, config.secretOrPublicKey, algorithm as Algorithm)) {
      throw new TypeError(`jwt-hooks: ${PRIVATE_KEY} does not match ${SECRET}: the tokens it signs would be refused`)
    }
  }
  const published = key.type === 'secret' ? undefined : Object.freeze(publicJwk(key, kid, algorithm))
  return { algorithm: algorithm as Algorithm, kid, publicJwk: published, sign }
}

function signingKey(config: SignerConfig): { key: KeyObject; algorithm: string; source: string } {
  if (config.privateKey !== undefined) {
    let key: KeyObject
    try {
      key = createPrivateKey(config.privateKey)
    } catch (error) {
      throw new TypeError(`jwt-hooks: ${PRIVATE_KEY}: not a readable PEM private key (${(error as Error).message})`)
    }
    // The table's first row the key fits: RS256 for RSA, PS256 for RSA-PSS, the ES* of its curve, EdDSA.
    const algorithm = config.algorithm ?? algorithmsFor(key)[0]
    if (algorithm === undefined) throw new TypeError(`jwt-hooks: ${PRIVATE_KEY}: a ${key.asymmetricKeyType} key cannot sign tokens here`)
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
  return { key, algorithm: config.algorithm ?? 'HS256', source: SECRET }
}
