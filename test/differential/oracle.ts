import type { KeyObject } from 'node:crypto'

import { decode, JsonWebTokenError, verify, type VerifyOptions as JsonwebtokenOptions } from 'jsonwebtoken'

import { Failure, type VerifyOptions } from '../../src/core/types'
import { fromJsonwebtoken } from '../../src/core/jws/jsonwebtoken-refusal'

// jsonwebtoken's own pieces: jws.verify is the signature check it calls, validateAsymmetricKey
// the key check it runs before it (skipped with allowInvalidAsymmetricKeyTypes).
const jws: { verify(token: string, alg: string, key: KeyObject): boolean } = require('jws')
const validateAsymmetricKey: (alg: string, key: KeyObject) => void = require('jsonwebtoken/lib/validateAsymmetricKey')

export type Outcome = { kind: 'value'; value: Record<string, any> | Failure } | { kind: 'throws'; error: unknown }

const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const PINNED = /^(HS|RS|PS|ES)(256|384|512)$/
const DEFAULT_ALGORITHMS: Record<string, string[]> = {
  secret: ['HS256', 'HS384', 'HS512'],
  rsa: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'rsa-pss': ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  ec: ['ES256', 'ES384', 'ES512'],
}
/** The answer for one of jsonwebtoken's messages, as the table words it. */
function failureFor(message: string): Failure {
  return fromJsonwebtoken(new JsonWebTokenError(message))
}

const EMPTY_OBJECT = Buffer.from('{}').toString('base64url')

/**
 * What the verify step must answer: jsonwebtoken.verify, the reference, with the rules jwt-hooks
 * states on top of it (README, Security), written out here rather than taken from the code:
 *
 * 1. jsonwebtoken's plain throws for hostile tokens are refusals: a payload jws cannot parse is
 *    `jwt malformed`, an ECDSA signature of the wrong length `invalid signature`, a key check
 *    (`"alg" parameter…`, `Invalid key for this operation…`) `invalid algorithm`.
 * 2. A claims set that is not a JSON object (array, null, string, number, boolean, no JSON) is
 *    `jwt malformed` once the signature is authentic (RFC 7519 §7.2); `crit` is refused after the claims.
 * 3. The signature is judged before the payload is read (jose's order; jsonwebtoken parses the
 *    payload first): a token whose payload is not a JSON object gets jsonwebtoken's answer for the
 *    same header and signature over `{}` (the steps before and at the signature, which do not
 *    depend on the payload), and `jwt malformed` where jsonwebtoken's own signature check (jws)
 *    finds the signature authentic.
 *    Where jsonwebtoken's usual pairing of algorithm and key does not hold (`algorithms` that are
 *    no list of names, an algorithm outside HS/RS/PS/ES 256–512, a key of the other kind, or one
 *    only allowInvalidAsymmetricKeyTypes lets through; the setup refuses most of these), those
 *    tokens are jsonwebtoken's whole, in its order, with rule 2 for an authentic signature.
 */
export function reference(token: string, key: KeyObject, options: VerifyOptions): Outcome {
  const parts = token.split('.')
  if (parts.length !== 3 || !JWS_SHAPE.test(token) || isJsonObject(parts[1])) return jsonwebtoken(token, key, options)
  const keepOrder = inJsonwebtokenOrder(parts[0], key, options)
  // The steps before and at the signature, on the same header and signature over `{}`.
  const headerAndSignature = jsonwebtoken(`${parts[0]}.${EMPTY_OBJECT}.${parts[2]}`, key, options)
  // Refused (or thrown) before the signature was checked, or a forged signature.
  if (!isRefusal(headerAndSignature, 'invalid signature') || !authentic(token, parts[0], key)) {
    return keepOrder ? jsonwebtoken(token, key, options) : headerAndSignature
  }
  return refusal(failureFor('jwt malformed'))
}

/** jsonwebtoken.verify with rules 1 and 2. */
function jsonwebtoken(token: string, key: KeyObject, options: VerifyOptions): Outcome {
  let header: { crit?: unknown }
  let payload: unknown
  try {
    ;({ header, payload } = verify(token, key, { ...(options as JsonwebtokenOptions), complete: true }))
  } catch (error) {
    if (error instanceof JsonWebTokenError) return refusal(fromJsonwebtoken(error))
    if (error instanceof SyntaxError) return refusal(failureFor('jwt malformed'))
    // It reads `nbf` of a `typ: JWT` payload of null, once the signature verified.
    if (error instanceof TypeError && decode(token, { complete: true })?.payload === null) return refusal(failureFor('jwt malformed'))
    const message = error instanceof Error ? error.message : ''
    if (/^"ES\d+" signatures must be "\d+" bytes, saw "\d+"$/.test(message)) return refusal(failureFor('invalid signature'))
    if (message.startsWith('"alg" parameter') || message.startsWith('Invalid key for this operation')) return refusal(failureFor('invalid algorithm'))
    return { kind: 'throws', error }
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return refusal(failureFor('jwt malformed'))
  if (header.crit !== undefined) return refusal(failureFor('jwt crit header not supported'))
  return { kind: 'value', value: payload as Record<string, any> }
}

function refusal(failure: Failure): Outcome {
  return { kind: 'value', value: failure }
}

function isRefusal(outcome: Outcome, message: string): boolean {
  return outcome.kind === 'value' && outcome.value instanceof Failure && outcome.value.body?.description === message
}

/** Whether a token's payload segment is a JSON object (a claims set), as jws reads it. */
export function hasObjectPayload(token: string): boolean {
  const segment = token.split('.')[1]
  return segment !== undefined && isJsonObject(segment)
}

function isJsonObject(segment: string): boolean {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

function headerOf(segment: string): any {
  try {
    return JSON.parse(Buffer.from(segment, 'base64').toString('latin1'))
  } catch {
    return undefined
  }
}

/** Where rule 3 does not apply: jsonwebtoken's usual pairing of the header's algorithm and the key does not hold. */
function inJsonwebtokenOrder(headerSegment: string, key: KeyObject, options: VerifyOptions): boolean {
  const algorithms: unknown = options.algorithms || DEFAULT_ALGORITHMS[key.asymmetricKeyType ?? key.type] || DEFAULT_ALGORITHMS.rsa
  if (!Array.isArray(algorithms) || !algorithms.every((alg) => typeof alg === 'string')) return true
  const alg = headerOf(headerSegment)?.alg
  // An algorithm not allowed is refused before the signature, whatever it names.
  if (!algorithms.includes(alg)) return false
  if (!PINNED.test(alg) || alg.startsWith('HS') !== (key.type === 'secret')) return true
  try {
    validateAsymmetricKey(alg, key)
  } catch (error) {
    return options.allowInvalidAsymmetricKeyTypes === true || (error as Error).message.startsWith('Unknown key type')
  }
  return false
}

function authentic(token: string, headerSegment: string, key: KeyObject): boolean {
  try {
    return jws.verify(token, headerOf(headerSegment).alg, key)
  } catch {
    return false
  }
}
