import type { KeyObject } from 'node:crypto'

import { createClaimsCheck } from './check-claims'
import { createJsonwebtokenClaimsCheck } from './create-jsonwebtoken-claims-check'
import type { SignatureCheck } from './create-signature-check'
import { parseClaimsSet } from './parse-claims-set'
import { planAlgorithm, type AlgorithmPlan } from './plan-algorithm'
import type { Verdict } from './token-cache'
import { Failure, type VerifyOptions } from '../types'
import { FIXED_FAILURES } from '../errors/to-failure'

/** A verdict, or undefined where jsonwebtoken must decide (it would throw, or this path is unsure). */
export type JwsVerifier = (token: string, now: number) => Verdict | undefined

// jws's shape test, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, once the two dots are
// found: header and payload not empty, and no character outside base64url. A scan for one such
// character, not that pattern: backtracking over a token of megabytes overflows the regexp stack.
const NOT_BASE64URL = /[^A-Za-z0-9_.-]/
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

const { malformed: MALFORMED, notAToken: INVALID_TOKEN, noSignature: SIGNATURE_REQUIRED, badAlgorithm: INVALID_ALGORITHM, badSignature: INVALID_SIGNATURE } = FIXED_FAILURES

/** What one header segment decides, the same for every token that carries it. */
interface HeaderPlan {
  /** A refusal: `invalid token` (decided first), or one decided once the token is signed. */
  failure: Failure | undefined
  /** With no failure: the signature check, or undefined where jsonwebtoken decides the token. */
  check: SignatureCheck | undefined
  crit: boolean
}
const UNREADABLE: HeaderPlan = { failure: INVALID_TOKEN, check: undefined, crit: false }
const NOT_ALLOWED: HeaderPlan = { failure: INVALID_ALGORITHM, check: undefined, crit: false }

/**
 * Builds a verifier on node:crypto that answers as jsonwebtoken.verify (then the object-payload
 * and crit checks) for HS*, RS*, PS* and ES* with keys that fit them, once. Its order is jose's,
 * not jsonwebtoken's: the header, then the signature, and only then the payload, so a forged
 * token's payload is never parsed, whatever its size or depth (jsonwebtoken parses it first).
 * @returns undefined when the options are outside what it reproduces: then jsonwebtoken always.
 */
export function createJwsVerifier(key: KeyObject, options: VerifyOptions): JwsVerifier | undefined {
  if (refusesEveryToken(options)) return undefined
  const algorithms: unknown = options.algorithms || (DEFAULT_ALGORITHMS[key.asymmetricKeyType ?? key.type] ?? PUBLIC_KEY_ALGORITHMS)
  if (!Array.isArray(algorithms) || !algorithms.every((alg) => typeof alg === 'string')) return undefined
  const allowInvalid = options.allowInvalidAsymmetricKeyTypes === true
  const plans = new Map<string, AlgorithmPlan>()
  for (const alg of algorithms as string[]) plans.set(alg, planAlgorithm(alg, key, allowInvalid))
  const checkClaims = createClaimsCheck(options)
  const checkClaimsWithJsonwebtoken = checkClaims === undefined ? createJsonwebtokenClaimsCheck(options) : undefined
  const headers = new Map<string, HeaderPlan>()

  function planFor(segment: string): HeaderPlan {
    let plan = headers.get(segment)
    if (plan !== undefined) return plan
    plan = createHeaderPlan(segment, plans)
    if (headers.size >= MAX_HEADERS) headers.clear()
    headers.set(segment, plan)
    return plan
  }

  return function verifyJws(token, now) {
    if (token === '') return undefined
    const first = token.indexOf('.')
    const second = first === -1 ? -1 : token.indexOf('.', first + 1)
    if (second === -1 || token.indexOf('.', second + 1) !== -1) return forever(MALFORMED)
    if (first === 0 || second === first + 1 || NOT_BASE64URL.test(token)) return forever(INVALID_TOKEN)
    const plan = planFor(token.slice(0, first))
    if (plan === UNREADABLE) return forever(INVALID_TOKEN)
    if (plan.failure === undefined && plan.check === undefined) return undefined
    // jsonwebtoken would read the payload here; it is read only once the signature is authentic.
    if (second === token.length - 1) return forever(SIGNATURE_REQUIRED)
    if (plan.failure !== undefined) return forever(plan.failure)
    if (!plan.check!(token.slice(0, second), token.slice(second + 1))) return forever(INVALID_SIGNATURE)
    const segment = token.slice(first + 1, second)
    const payload = parseClaimsSet(segment)
    // RFC 7519 §7.2 step 10: the claims set is a JSON object; anything else is no JWT.
    if (payload === undefined) return forever(MALFORMED)
    if (checkClaims !== undefined) return checkClaims(payload, now, plan.crit)
    return checkClaimsWithJsonwebtoken!(segment, plan.crit)
  }
}

// jsonwebtoken refuses every token for these before it reads any: its answer, from it.
function refusesEveryToken(options: VerifyOptions): boolean {
  const { clockTimestamp, nonce, allowInvalidAsymmetricKeyTypes: allow } = options
  return (
    (Boolean(clockTimestamp) && typeof clockTimestamp !== 'number') ||
    (nonce !== undefined && (typeof nonce !== 'string' || nonce.trim() === '')) ||
    (allow !== undefined && typeof allow !== 'boolean')
  )
}

// jws reads the header as latin1 ('binary') JSON; anything falsy is no header.
function createHeaderPlan(segment: string, plans: Map<string, AlgorithmPlan>): HeaderPlan {
  let header: any
  try {
    header = JSON.parse(Buffer.from(segment, 'base64').toString('latin1'))
  } catch {
    return UNREADABLE
  }
  if (!header) return UNREADABLE
  const alg = header.alg
  if (typeof alg !== 'string' || !plans.has(alg)) return NOT_ALLOWED
  const plan = plans.get(alg)
  const crit = header.crit !== undefined
  if (plan instanceof Failure) return { failure: plan, check: undefined, crit }
  return { failure: undefined, check: plan, crit }
}

/** A refusal that no passing of time changes. */
function forever(failure: Failure): Verdict {
  return { value: failure, until: Infinity, stamp: 0, token: undefined, flat: false }
}
