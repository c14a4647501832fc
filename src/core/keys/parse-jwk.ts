import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto'

import { algorithmOf, algorithmsFor, fitsKey, type Algorithm } from '../jws/algorithms'
import { keyError } from './key-error'
import type { VerificationKey } from './key-resolver'

// RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2: the members only a private key has.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth']
const PUBLIC_KTY = new Set(['RSA', 'EC', 'OKP'])

/** Whether a value is shaped like a JWK: an object with a string `kty`. */
export function isJwk(value: unknown): value is JsonWebKey {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kty?: unknown }).kty === 'string'
}

/**
 * Reads one JWK (RFC 7517) as a verification key, parsed once into a KeyObject. Its `kid` names
 * it, its `alg` (when present) is the only algorithm it verifies.
 * @param jwk the key as JSON.
 * @param source where it came from, for the message (`option "keys"`).
 * @param at which key of a set it is (`key 2`), or ''.
 * @param secrets whether a shared secret (`kty: "oct"`) is taken: never from a published key set.
 * @throws TypeError (see keyError) naming the source and the key for a private key (never loaded as a verification key), an
 *   encryption key (`use: "enc"`), a key no algorithm verifies, an `alg` it cannot verify.
 */
export function parseJwk(jwk: unknown, source: string, at: string, secrets: boolean): VerificationKey {
  if (!isJwk(jwk)) throw keyError(source, at, 'not a JWK (an object with "kty")')
  const { kty, kid, alg, use, key_ops: ops } = jwk as JsonWebKey & { kid?: unknown; alg?: unknown; key_ops?: unknown }
  const which = typeof kid === 'string' ? `${at === '' ? 'the key' : at} (kid ${JSON.stringify(kid)})` : at
  const fail = (reason: string): TypeError => keyError(source, which, reason)
  if (kid !== undefined && typeof kid !== 'string') throw fail('"kid" must be a string')
  const secret = privateMemberOf(jwk)
  if (kty !== 'oct' && secret !== undefined) {
    throw fail(`is a private key (it has "${secret}"); give its public part only`)
  }
  if (use !== undefined && use !== 'sig') throw fail(`"use" is ${JSON.stringify(use)}: not a key that verifies signatures`)
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) {
    throw fail('"key_ops" does not hold "verify"')
  }
  const key = toKeyObject(jwk, fail, secrets)
  if (algorithmsFor(key).length === 0) throw fail(`verifies no JWS algorithm (kty ${kty}${jwk.crv === undefined ? '' : `, crv ${jwk.crv}`})`)
  const named = which === '' ? source : `${source}, ${which}`
  if (alg === undefined) return { key, kid: kid as string | undefined, source: named }
  if (algorithmOf(alg) === undefined) throw fail(`"alg" ${JSON.stringify(alg)} is not an algorithm jwt-hooks verifies`)
  if (!fitsKey(alg as Algorithm, key)) throw fail(`"alg" is ${alg as string}, which this key cannot verify`)
  return { key, kid: kid as string | undefined, alg: alg as Algorithm, source: named }
}

/** The first member of a JWK that only a private key has (`d`, `p`…), if any. */
export function privateMemberOf(jwk: object): string | undefined {
  return PRIVATE_MEMBERS.find((member) => Object.hasOwn(jwk, member))
}

function toKeyObject(jwk: JsonWebKey, fail: (reason: string) => TypeError, secrets: boolean): KeyObject {
  if (jwk.kty === 'oct') {
    if (!secrets) throw fail('a shared secret (kty "oct") has no place in a published key set')
    if (typeof jwk.k !== 'string' || jwk.k === '') throw fail('"k" must be the secret in base64url')
    return createSecretKey(Buffer.from(jwk.k, 'base64url'))
  }
  if (!PUBLIC_KTY.has(jwk.kty as string)) throw fail(`"kty" ${JSON.stringify(jwk.kty)} is not a signing key type`)
  try {
    return createPublicKey({ key: jwk, format: 'jwk' })
  } catch (error) {
    // Node's message names the member at fault, never a key's bytes.
    throw fail(`not a readable JWK (${(error as Error).message})`)
  }
}
