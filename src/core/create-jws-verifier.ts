import type { KeyObject } from 'node:crypto'

import { createClaimsCheck } from './check-claims'
import { createSignatureCheck, type SignatureCheck } from './create-signature-check'
import type { Verdict } from './token-cache'
import type { Failure, VerifyOptions } from './types'
import { failureFor } from './verify-token'

/** A verdict, or undefined where jsonwebtoken must decide (it would throw, or this path is unsure). */
export type JwsVerifier = (token: string, now: number) => Verdict | undefined

// jws's own shape test: header and payload not empty, signature maybe empty, base64url only.
const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
// jsonwebtoken's defaults when `algorithms` is not set, by key type (Node >= 16: PS* supported).
const DEFAULT_ALGORITHMS: Record<string, string[]> = {
  secret: ['HS256', 'HS384', 'HS512'],
  rsa: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'rsa-pss': ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  ec: ['ES256', 'ES384', 'ES512'],
}
const PUBLIC_KEY_ALGORITHMS = DEFAULT_ALGORITHMS.rsa
// Bounds the parsed-header memo: a client that varies its header only costs a parse.
const MAX_HEADERS = 16

const MALFORMED = failureFor('jwt malformed')
const INVALID_TOKEN = failureFor('invalid token')
const SIGNATURE_REQUIRED = failureFor('jwt signature is required')
const INVALID_ALGORITHM = failureFor('invalid algorithm')
const INVALID_SIGNATURE = failureFor('invalid signature')

/** What one header segment decides, the same for every token that carries it. */
interface HeaderPlan {
  /** `invalid token` (decided before the payload) or `invalid algorithm` (after it). */
  failure: Failure | undefined
  /** undefined with no failure: an algorithm this path leaves to jsonwebtoken. */
  check: SignatureCheck | undefined
  crit: boolean
}
const UNREADABLE: HeaderPlan = { failure: INVALID_TOKEN, check: undefined, crit: false }
const NOT_ALLOWED: HeaderPlan = { failure: INVALID_ALGORITHM, check: undefined, crit: false }

/**
 * Builds a verifier on node:crypto that answers exactly as jsonwebtoken.verify (then the crit and
 * object-payload checks) for HS*, RS* and ES* with keys of the matching type and curve, once.
 * @returns undefined when the options are outside what it reproduces: then jsonwebtoken always.
 */
export function createJwsVerifier(key: KeyObject, options: VerifyOptions): JwsVerifier | undefined {
  const checkClaims = createClaimsCheck(options)
  if (checkClaims === undefined) return undefined
  const allowInvalid = options.allowInvalidAsymmetricKeyTypes
  if (allowInvalid !== undefined && typeof allowInvalid !== 'boolean') return undefined
  const algorithms: unknown = options.algorithms || (DEFAULT_ALGORITHMS[key.asymmetricKeyType ?? key.type] ?? PUBLIC_KEY_ALGORITHMS)
  if (!Array.isArray(algorithms) || !algorithms.every((alg) => typeof alg === 'string')) return undefined
  const checks = new Map<string, SignatureCheck | undefined>()
  for (const alg of algorithms as string[]) checks.set(alg, createSignatureCheck(alg, key))
  const headers = new Map<string, HeaderPlan>()

  function planFor(segment: string): HeaderPlan {
    let plan = headers.get(segment)
    if (plan !== undefined) return plan
    plan = createPlan(segment, checks)
    if (headers.size >= MAX_HEADERS) headers.clear()
    headers.set(segment, plan)
    return plan
  }

  return function verifyJws(token, now) {
    if (token === '') return undefined
    const first = token.indexOf('.')
    const second = first === -1 ? -1 : token.indexOf('.', first + 1)
    if (second === -1 || token.indexOf('.', second + 1) !== -1) return forever(MALFORMED)
    if (!JWS_SHAPE.test(token)) return forever(INVALID_TOKEN)
    const plan = planFor(token.slice(0, first))
    if (plan.failure === INVALID_TOKEN) return forever(INVALID_TOKEN)
    // jws throws on a typ JWT header with a payload that is not JSON; jsonwebtoken keeps any
    // other non-object payload as a string: both are jsonwebtoken's to answer.
    let payload: unknown
    try {
      payload = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64').toString('utf8'))
    } catch {
      return undefined
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined
    if (second === token.length - 1) return forever(SIGNATURE_REQUIRED)
    if (plan.failure !== undefined) return forever(plan.failure)
    if (plan.check === undefined) return undefined
    const valid = plan.check(token.slice(0, second), token.slice(second + 1))
    if (valid === undefined) return undefined
    if (!valid) return forever(INVALID_SIGNATURE)
    return checkClaims(payload as Record<string, any>, now, plan.crit)
  }
}

// jws reads the header as latin1 ('binary') JSON; anything falsy is no header.
function createPlan(segment: string, checks: Map<string, SignatureCheck | undefined>): HeaderPlan {
  let header: any
  try {
    header = JSON.parse(Buffer.from(segment, 'base64').toString('latin1'))
  } catch {
    return UNREADABLE
  }
  if (!header) return UNREADABLE
  const alg = header.alg
  if (typeof alg !== 'string' || !checks.has(alg)) return NOT_ALLOWED
  return { failure: undefined, check: checks.get(alg), crit: header.crit !== undefined }
}

/** A refusal that no passing of time changes. */
function forever(failure: Failure): Verdict {
  return { value: failure, until: Infinity, stamp: 0, token: undefined }
}
