import type { Failure } from '../errors/failure'
import { FIXED_FAILURES, toFailure } from '../errors/to-failure'
import type { Verdict } from './token-cache'
import type { VerifyOptions } from './verify-options'

/** Checks the claims of a token whose signature verified, as jsonwebtoken does, in its order. */
export type ClaimsCheck = (payload: Record<string, any>, now: number, crit: boolean) => Verdict

const { notActive: NOT_ACTIVE, expired: EXPIRED, badNbf: INVALID_NBF, badExp: INVALID_EXP, unsupportedCrit: UNSUPPORTED_CRIT } = FIXED_FAILURES

/**
 * Builds the claims check for a door's verifyOptions, once; undefined when an option is outside
 * what this check reproduces exactly (maxAge, option values jsonwebtoken itself refuses…).
 */
export function createClaimsCheck(options: VerifyOptions): ClaimsCheck | undefined {
  if (options.maxAge !== undefined) return undefined
  const fixedClock = options.clockTimestamp
  if (fixedClock !== undefined && typeof fixedClock !== 'number') return undefined
  const tolerance = options.clockTolerance
  if (tolerance !== undefined && typeof tolerance !== 'number') return undefined
  const nonce = options.nonce
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce.trim() === '')) return undefined
  const audience = createAudienceCheck(options.audience)
  const issuer = createIssuerCheck(options.issuer)
  if (audience === undefined || issuer === undefined) return undefined
  const equals = [
    createEqualCheck('sub', options.subject, 'badSubject', 'subject'),
    createEqualCheck('jti', options.jwtid, 'badJwtid', 'jwtid'),
    createEqualCheck('nonce', nonce, 'badNonce', 'nonce'),
  ].filter((check) => check !== null)
  if (equals.includes(undefined)) return undefined
  const exact = equals as EqualCheck[]
  const tol = tolerance || 0
  const checkNbf = !options.ignoreNotBefore
  const checkExp = !options.ignoreExpiration

  return function checkClaims(payload, now, crit) {
    const clock = fixedClock || Math.floor(now / 1000)
    const { nbf, exp } = payload
    if (nbf !== undefined && checkNbf) {
      if (typeof nbf !== 'number') return verdict(INVALID_NBF, Infinity)
      // Active from nbf - tolerance on; one second less, so the floor above cannot make it early.
      if (nbf > clock + tol) return verdict(NOT_ACTIVE, (nbf - tol - 1) * 1000)
    }
    if (exp !== undefined && checkExp) {
      if (typeof exp !== 'number') return verdict(INVALID_EXP, Infinity)
      if (clock >= exp + tol) return verdict(EXPIRED, Infinity)
    }
    // Anything decided from here on may turn into `jwt expired` at exp (or before: tol < 0).
    const until = expiryOf(payload, tol)
    if (audience !== null && !audience.matches(payload.aud)) return verdict(audience.failure, until)
    if (issuer !== null && issuer.rejects(payload.iss)) return verdict(issuer.failure, until)
    for (let i = 0; i < exact.length; i++) {
      const check = exact[i]
      if (payload[check.claim] !== check.expected) return verdict(check.failure, until)
    }
    // RFC 7515 §4.1.11: a critical extension we do not understand makes the token invalid.
    if (crit) return verdict(UNSUPPORTED_CRIT, until)
    return verdict(payload, until)
  }
}

/**
 * Until when (ms) a verdict on claims that passed the time checks holds: exp, or earlier with a
 * negative clockTolerance (jsonwebtoken expires at exp + tolerance); a positive one is ignored.
 */
export function expiryOf(payload: Record<string, any>, tolerance: number): number {
  return typeof payload.exp === 'number' ? (payload.exp + Math.min(tolerance, 0)) * 1000 : Infinity
}

function verdict(value: Verdict['value'], until: number): Verdict {
  return { value, until, stamp: 0, token: undefined, flat: false }
}

interface AudienceCheck {
  matches(aud: unknown): boolean
  failure: Failure
}

// jsonwebtoken: any of the token's audiences equal to (or matching) any expected one.
function createAudienceCheck(option: VerifyOptions['audience']): AudienceCheck | null | undefined {
  if (!option) return null
  const audiences: unknown[] = Array.isArray(option) ? option : [option]
  // A global or sticky RegExp keeps state between calls: leave those to jsonwebtoken.
  const plain = audiences.every(
    (a) => typeof a === 'string' || (a instanceof RegExp && Object.getPrototypeOf(a) === RegExp.prototype && !a.global && !a.sticky),
  )
  if (!plain) return undefined
  const failure = toFailure('badAudience', { audience: audiences.join(' or ') })
  const matchesOne = (target: unknown): boolean => {
    for (let i = 0; i < audiences.length; i++) {
      const a = audiences[i]
      if (a instanceof RegExp ? a.test(target as string) : a === target) return true
    }
    return false
  }
  return {
    failure,
    matches(aud) {
      if (!Array.isArray(aud)) return matchesOne(aud)
      for (let i = 0; i < aud.length; i++) if (matchesOne(aud[i])) return true
      return false
    },
  }
}

interface IssuerCheck {
  rejects(iss: unknown): boolean
  failure: Failure
}

function createIssuerCheck(option: VerifyOptions['issuer']): IssuerCheck | null | undefined {
  if (!option) return null
  const failure = toFailure('badIssuer', { issuer: String(option) })
  if (typeof option === 'string') return { failure, rejects: (iss) => iss !== option }
  if (Array.isArray(option)) return { failure, rejects: (iss) => option.indexOf(iss as string) === -1 }
  return undefined
}

interface EqualCheck {
  claim: string
  expected: string
  failure: Failure
}

function createEqualCheck(claim: string, expected: unknown, row: 'badSubject' | 'badJwtid' | 'badNonce', mark: string): EqualCheck | null | undefined {
  if (!expected) return null
  if (typeof expected !== 'string') return undefined
  return { claim, expected, failure: toFailure(row, { [mark]: expected }) }
}
